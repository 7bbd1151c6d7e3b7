<?php
/**
 * Form signals, as Antispam Bee adds them: a hidden trap field and a signed render time in the theme's form.
 *
 * A person never fills the trap (it is hidden and out of the tab order) and takes more than a few seconds to
 * write; a script fills every field and posts at once. The plugin only measures: it sends what it saw to the
 * service (`form_trap`, `form_seconds`), which decides and records the reason.
 *
 * @package Moderation
 */

defined( 'ABSPATH' ) || exit;

/**
 * The trap and the render time.
 */
final class Modserv_Form {

	/** The trap's name: a field a person would leave empty if they saw it. */
	public const TRAP = 'modserv_website2';

	/** The render time: "<unix seconds>.<HMAC-SHA256 with the plugin's form secret>". */
	public const STAMP = 'modserv_rendered';

	/** Add the fields to every comment form (`comment_form` fires in classic and block themes alike). */
	public static function init(): void {
		add_action( 'comment_form', array( self::class, 'fields' ) );
	}

	/** Print the trap and the signed render time. */
	public static function fields(): void {
		if ( ! Modserv_Settings::configured() ) {
			return;
		}
		printf(
			'<p class="modserv-trap" aria-hidden="true" style="position:absolute;left:-9999px;width:1px;height:1px;overflow:hidden"><label for="%1$s">%2$s</label><input type="text" id="%1$s" name="%1$s" value="" tabindex="-1" autocomplete="off" /></p>',
			esc_attr( self::TRAP ),
			esc_html__( 'Leave this field empty', 'moderation' )
		);
		printf( '<input type="hidden" name="%1$s" value="%2$s" />', esc_attr( self::STAMP ), esc_attr( self::stamp( time() ) ) );
	}

	/**
	 * A signed render time.
	 *
	 * @param int $time Unix seconds.
	 */
	public static function stamp( int $time ): string {
		return $time . '.' . hash_hmac( 'sha256', 'modserv-form|' . $time, Modserv_Settings::form_secret() );
	}

	/**
	 * Seconds since a stamp was made, or -1 when it is missing or not ours (forged, or from another site).
	 *
	 * @param string $stamp The posted stamp.
	 * @param int    $now   The current Unix time.
	 */
	public static function seconds_since( string $stamp, int $now ): int {
		if ( ! preg_match( '/^([0-9]{1,12})\.[0-9a-f]{64}$/', $stamp, $parts ) ) {
			return -1;
		}
		if ( ! hash_equals( self::stamp( (int) $parts[1] ), $stamp ) ) {
			return -1;
		}
		return max( 0, $now - (int) $parts[1] );
	}

	/**
	 * What the form posted, for the service: only on the theme's form path (`wp-comments-post.php`), never for
	 * REST, XML-RPC or trackbacks, which have no form.
	 *
	 * @return array<string, string>
	 */
	public static function signals(): array {
		if ( ! did_action( 'pre_comment_on_post' ) ) {
			return array();
		}
		// phpcs:disable WordPress.Security.NonceVerification.Missing -- the comment form has no nonce; these are measured, not trusted.
		$trap  = isset( $_POST[ self::TRAP ] ) ? sanitize_text_field( wp_unslash( (string) $_POST[ self::TRAP ] ) ) : '';
		$stamp = isset( $_POST[ self::STAMP ] ) ? sanitize_text_field( wp_unslash( (string) $_POST[ self::STAMP ] ) ) : '';
		// phpcs:enable
		return array(
			'form_trap'    => $trap,
			'form_seconds' => (string) self::seconds_since( $stamp, time() ),
		);
	}
}
