<?php
/**
 * The plugin's settings: one option (`modserv_settings`), read with defaults and sanitised on save.
 *
 * @package Moderation
 */

defined( 'ABSPATH' ) || exit;

/**
 * Reads and sanitises the settings.
 */
final class Modserv_Settings {

	public const OPTION = 'modserv_settings';

	/** Bounds of the service timeout, in seconds. */
	public const MIN_TIMEOUT = 0.5;
	public const MAX_TIMEOUT = 30.0;

	/**
	 * The defaults: no service yet, 2 s timeout, rejected comments to the trash, editors' comments skip the service.
	 *
	 * @return array<string, mixed>
	 */
	public static function defaults(): array {
		return array(
			'service_url'     => '',
			'site_key'        => '',
			'webhook_secret'  => '',
			'form_secret'     => '',
			'timeout'         => 2.0,
			'rejected_action' => Modserv_Decision::REJECT_TRASH,
			'skip_editors'    => true,
		);
	}

	/**
	 * All settings, defaults filled in.
	 *
	 * @return array<string, mixed>
	 */
	public static function all(): array {
		$stored = get_option( self::OPTION, array() );
		return array_merge( self::defaults(), is_array( $stored ) ? $stored : array() );
	}

	/**
	 * One setting.
	 *
	 * @param string $name A key of defaults().
	 * @return mixed
	 */
	public static function get( string $name ): mixed {
		return self::all()[ $name ] ?? null;
	}

	/** The service's base URL without a trailing slash ('' when not set). */
	public static function service_url(): string {
		return untrailingslashit( (string) self::get( 'service_url' ) );
	}

	/**
	 * What is missing for the plugin to work fully: the service URL (nothing is checked without it), the site
	 * key (the desk's decisions, deletions and retries need it).
	 *
	 * @return string[] Names of defaults() not set.
	 */
	public static function missing(): array {
		$missing = array();
		foreach ( array( 'service_url', 'site_key', 'webhook_secret' ) as $name ) {
			if ( '' === (string) self::get( $name ) ) {
				$missing[] = $name;
			}
		}
		return $missing;
	}

	/** The secret the form's render times are signed with (made on first use; never shown). */
	public static function form_secret(): string {
		$settings = self::all();
		if ( '' === (string) $settings['form_secret'] ) {
			$settings['form_secret'] = self::generate_secret();
			update_option( self::OPTION, $settings );
		}
		return (string) $settings['form_secret'];
	}

	/** Whether the plugin can call the service. */
	public static function configured(): bool {
		return '' !== self::service_url();
	}

	/** The HTTP timeout for the service, in seconds. */
	public static function timeout(): float {
		return (float) self::get( 'timeout' );
	}

	/** A new random webhook secret (hex, 256 bits). */
	public static function generate_secret(): string {
		return bin2hex( random_bytes( 32 ) );
	}

	/**
	 * A secret as the settings page shows it: its last four characters only.
	 *
	 * @param string $secret The stored secret.
	 */
	public static function masked( string $secret ): string {
		if ( '' === $secret ) {
			return '';
		}
		return str_repeat( '•', 8 ) . substr( $secret, -4 );
	}

	/**
	 * Sanitise the submitted form (the Settings API's callback, given unslashed values); an empty secret field
	 * keeps the stored secret.
	 *
	 * @param mixed $input The submitted values.
	 * @return array<string, mixed>
	 */
	public static function sanitize( mixed $input ): array {
		$current = self::all();
		$input   = is_array( $input ) ? $input : array();
		$out     = $current;

		$url = isset( $input['service_url'] ) ? esc_url_raw( trim( (string) $input['service_url'] ), array( 'http', 'https' ) ) : $current['service_url'];
		if ( isset( $input['service_url'] ) && '' !== trim( (string) $input['service_url'] ) && '' === $url ) {
			add_settings_error( self::OPTION, 'service_url', __( 'The service URL must start with https:// or http://.', 'moderation' ) );
			$url = $current['service_url'];
		}
		$out['service_url'] = untrailingslashit( $url );

		foreach ( array( 'site_key', 'webhook_secret' ) as $secret ) {
			$value = isset( $input[ $secret ] ) ? sanitize_text_field( (string) $input[ $secret ] ) : '';
			if ( '' !== $value ) {
				$out[ $secret ] = $value;
			}
		}

		if ( isset( $input['timeout'] ) ) {
			$timeout        = (float) str_replace( ',', '.', (string) $input['timeout'] );
			$out['timeout'] = min( self::MAX_TIMEOUT, max( self::MIN_TIMEOUT, $timeout ) );
		}

		$action                 = isset( $input['rejected_action'] ) ? sanitize_key( (string) $input['rejected_action'] ) : $current['rejected_action'];
		$out['rejected_action'] = Modserv_Decision::REJECT_REFUSE === $action ? Modserv_Decision::REJECT_REFUSE : Modserv_Decision::REJECT_TRASH;

		// A checkbox is absent from the form when unticked; a form without the settings section keeps the value.
		if ( isset( $input['service_url'] ) ) {
			$out['skip_editors'] = ! empty( $input['skip_editors'] );
		}
		return $out;
	}
}
