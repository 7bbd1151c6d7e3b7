<?php
/**
 * Settings → Moderation: the Settings API form, the connection test, a new webhook secret, the unscored notice.
 *
 * @package Moderation
 */

defined( 'ABSPATH' ) || exit;

/**
 * The admin screens.
 */
final class Moderation_Admin {

	public const PAGE = 'moderation';

	/** Hook the admin screens. */
	public static function init(): void {
		add_action( 'admin_menu', array( self::class, 'menu' ) );
		add_action( 'admin_init', array( self::class, 'register_settings' ) );
		add_action( 'admin_post_moderation_test_connection', array( self::class, 'test_connection' ) );
		add_action( 'admin_post_moderation_new_secret', array( self::class, 'new_secret' ) );
		add_action( 'admin_notices', array( self::class, 'unscored_notice' ) );
		add_filter( 'plugin_action_links_' . plugin_basename( MODERATION_PLUGIN_FILE ), array( self::class, 'action_links' ) );
	}

	/** Add the page under Settings. */
	public static function menu(): void {
		add_options_page(
			__( 'Moderation', 'moderation' ),
			__( 'Moderation', 'moderation' ),
			'manage_options',
			self::PAGE,
			array( self::class, 'render' )
		);
	}

	/**
	 * A "Settings" link on the Plugins screen.
	 *
	 * @param string[] $links The plugin's links.
	 * @return string[]
	 */
	public static function action_links( array $links ): array {
		$url = admin_url( 'options-general.php?page=' . self::PAGE );
		array_unshift( $links, '<a href="' . esc_url( $url ) . '">' . esc_html__( 'Settings', 'moderation' ) . '</a>' );
		return $links;
	}

	/** Register the option, its section and fields with the Settings API. */
	public static function register_settings(): void {
		register_setting(
			self::PAGE,
			Moderation_Settings::OPTION,
			array(
				'type'              => 'array',
				'sanitize_callback' => array( 'Moderation_Settings', 'sanitize' ),
				'show_in_rest'      => false,
			)
		);
		add_settings_section( 'moderation_service', __( 'Service', 'moderation' ), '__return_false', self::PAGE );
		$fields = array(
			'service_url'     => __( 'Service URL', 'moderation' ),
			'site_key'        => __( 'Site key', 'moderation' ),
			'webhook_secret'  => __( 'Webhook secret', 'moderation' ),
			'timeout'         => __( 'Timeout (seconds)', 'moderation' ),
			'rejected_action' => __( 'Rejected comments', 'moderation' ),
			'skip_editors'    => __( 'Editors', 'moderation' ),
		);
		foreach ( $fields as $name => $label ) {
			add_settings_field(
				'moderation_' . $name,
				$label,
				array( self::class, 'field_' . $name ),
				self::PAGE,
				'moderation_service',
				array( 'label_for' => 'moderation_' . $name )
			);
		}
	}

	/** The service URL field. */
	public static function field_service_url(): void {
		printf(
			'<input type="url" class="regular-text code" id="moderation_service_url" name="%1$s[service_url]" value="%2$s" placeholder="https://moderation.example.org" /><p class="description">%3$s</p>',
			esc_attr( Moderation_Settings::OPTION ),
			esc_attr( (string) Moderation_Settings::get( 'service_url' ) ),
			esc_html__( 'Where the moderation service answers (use https:// outside a private network).', 'moderation' )
		);
	}

	/** The site key field: never shown back, only its last characters. */
	public static function field_site_key(): void {
		self::secret_field( 'site_key', __( 'One of the service\'s MODERATION_SITE_KEYS; editors\' decisions are sent with it.', 'moderation' ) );
	}

	/** The webhook secret field, with the URL the service must call. */
	public static function field_webhook_secret(): void {
		self::secret_field( 'webhook_secret', __( 'The service\'s MODERATION_WEBHOOK_SECRET. Set the service\'s MODERATION_WEBHOOK_URL to:', 'moderation' ) );
		printf( '<p><code>%s</code></p>', esc_html( Moderation_Outcomes::webhook_url() ) );
	}

	/** The timeout field. */
	public static function field_timeout(): void {
		printf(
			'<input type="number" step="0.5" min="%1$s" max="%2$s" id="moderation_timeout" name="%3$s[timeout]" value="%4$s" class="small-text" /><p class="description">%5$s</p>',
			esc_attr( (string) Moderation_Settings::MIN_TIMEOUT ),
			esc_attr( (string) Moderation_Settings::MAX_TIMEOUT ),
			esc_attr( Moderation_Settings::OPTION ),
			esc_attr( (string) Moderation_Settings::timeout() ),
			esc_html__( 'If the service does not answer in time, the comment is held and scored later.', 'moderation' )
		);
	}

	/** What "rejected" does. */
	public static function field_rejected_action(): void {
		$current = (string) Moderation_Settings::get( 'rejected_action' );
		$choices = array(
			Moderation_Decision::REJECT_TRASH  => __( 'Move them to the trash (editors can restore them)', 'moderation' ),
			Moderation_Decision::REJECT_REFUSE => __( 'Refuse them with an error page (nothing is stored)', 'moderation' ),
		);
		printf( '<select id="moderation_rejected_action" name="%s[rejected_action]">', esc_attr( Moderation_Settings::OPTION ) );
		foreach ( $choices as $value => $label ) {
			printf( '<option value="%1$s"%2$s>%3$s</option>', esc_attr( $value ), selected( $current, $value, false ), esc_html( $label ) );
		}
		echo '</select>';
	}

	/** Whether editors' own comments skip the service. */
	public static function field_skip_editors(): void {
		printf(
			'<label><input type="checkbox" id="moderation_skip_editors" name="%1$s[skip_editors]" value="1"%2$s /> %3$s</label>',
			esc_attr( Moderation_Settings::OPTION ),
			checked( (bool) Moderation_Settings::get( 'skip_editors' ), true, false ),
			esc_html__( 'Publish comments of signed-in editors without asking the service', 'moderation' )
		);
	}

	/**
	 * A password field that is empty (typing replaces the secret) with the stored secret's last characters.
	 *
	 * @param string $name        The setting.
	 * @param string $description The help text.
	 */
	private static function secret_field( string $name, string $description ): void {
		$stored = (string) Moderation_Settings::get( $name );
		printf(
			'<input type="password" class="regular-text code" id="moderation_%1$s" name="%2$s[%1$s]" value="" autocomplete="new-password" placeholder="%3$s" />',
			esc_attr( $name ),
			esc_attr( Moderation_Settings::OPTION ),
			esc_attr( '' === $stored ? __( 'not set', 'moderation' ) : Moderation_Settings::masked( $stored ) )
		);
		printf( '<p class="description">%s %s</p>', esc_html( $description ), esc_html__( 'Leave empty to keep the current value.', 'moderation' ) );
	}

	/** The settings page. */
	public static function render(): void {
		if ( ! current_user_can( 'manage_options' ) ) {
			wp_die( esc_html__( 'Sorry, you are not allowed to manage these settings.', 'moderation' ), 403 );
		}
		$user_id = get_current_user_id();
		$check   = get_transient( 'moderation_check_' . $user_id );
		$secret  = get_transient( 'moderation_new_secret_' . $user_id );
		delete_transient( 'moderation_check_' . $user_id );
		delete_transient( 'moderation_new_secret_' . $user_id );
		echo '<div class="wrap"><h1>' . esc_html( get_admin_page_title() ) . '</h1>';
		if ( is_array( $check ) ) {
			printf(
				'<div class="notice notice-%1$s" id="moderation-check"><p>%2$s</p></div>',
				$check['ok'] ? 'success' : 'error',
				esc_html( (string) $check['message'] )
			);
		}
		if ( is_string( $secret ) && '' !== $secret ) {
			// Shown once, right after it was made, so it can be copied into the service's settings.
			printf(
				'<div class="notice notice-warning" id="moderation-new-secret"><p>%1$s</p><p><code>%2$s</code></p></div>',
				esc_html__( 'New webhook secret (shown once): set it as MODERATION_WEBHOOK_SECRET on the service.', 'moderation' ),
				esc_html( $secret )
			);
		}
		echo '<form method="post" action="options.php">';
		settings_fields( self::PAGE );
		do_settings_sections( self::PAGE );
		submit_button();
		echo '</form>';
		echo '<h2>' . esc_html__( 'Tools', 'moderation' ) . '</h2>';
		self::action_button( 'moderation_test_connection', __( 'Test the connection', 'moderation' ) );
		self::action_button( 'moderation_new_secret', __( 'Generate a new webhook secret', 'moderation' ) );
		echo '</div>';
	}

	/**
	 * A form posting one admin action with its nonce.
	 *
	 * @param string $action The admin-post action.
	 * @param string $label  The button's text.
	 */
	private static function action_button( string $action, string $label ): void {
		printf( '<form method="post" action="%s" style="display:inline-block;margin-right:1em">', esc_url( admin_url( 'admin-post.php' ) ) );
		printf( '<input type="hidden" name="action" value="%s" />', esc_attr( $action ) );
		wp_nonce_field( $action );
		submit_button( $label, 'secondary', 'submit', false, array( 'id' => $action ) );
		echo '</form>';
	}

	/** Ask the service's /readyz and report on the settings page. */
	public static function test_connection(): void {
		self::authorize( 'moderation_test_connection' );
		$response = Moderation_Client::ready();
		if ( $response->scored() ) {
			$message = __( 'The service is reachable and ready.', 'moderation' );
		} elseif ( null === $response->code ) {
			/* translators: %s: the error code of WordPress's HTTP API. */
			$message = sprintf( __( 'The service could not be reached (%s).', 'moderation' ), $response->error );
		} else {
			/* translators: %d: an HTTP status code. */
			$message = sprintf( __( 'The service answered HTTP %d: it is not ready.', 'moderation' ), $response->code );
		}
		set_transient( 'moderation_check_' . get_current_user_id(), array( 'ok' => $response->scored(), 'message' => $message ), MINUTE_IN_SECONDS );
		update_option( 'moderation_last_check', array( 'ok' => $response->scored(), 'at' => time() ), false );
		self::back();
	}

	/** Replace the webhook secret with a new random one and show it once. */
	public static function new_secret(): void {
		self::authorize( 'moderation_new_secret' );
		$settings                   = Moderation_Settings::all();
		$settings['webhook_secret'] = Moderation_Settings::generate_secret();
		update_option( Moderation_Settings::OPTION, $settings );
		set_transient( 'moderation_new_secret_' . get_current_user_id(), $settings['webhook_secret'], 5 * MINUTE_IN_SECONDS );
		self::back();
	}

	/** Tell editors how many comments wait unscored. */
	public static function unscored_notice(): void {
		if ( ! current_user_can( 'moderate_comments' ) ) {
			return;
		}
		$count = Moderation_Outcomes::unscored_count();
		if ( $count < 1 ) {
			return;
		}
		$message = sprintf(
			/* translators: %s: number of comments. */
			_n(
				'%s comment could not be scored by the moderation service: it is held in Pending and will be scored when the service answers again.',
				'%s comments could not be scored by the moderation service: they are held in Pending and will be scored when the service answers again.',
				$count,
				'moderation'
			),
			number_format_i18n( $count )
		);
		printf(
			'<div class="notice notice-warning" id="moderation-unscored"><p>%1$s <a href="%2$s">%3$s</a></p></div>',
			esc_html( $message ),
			esc_url( admin_url( 'edit-comments.php?comment_status=moderated' ) ),
			esc_html__( 'See pending comments', 'moderation' )
		);
	}

	/**
	 * Stop unless the user may manage options and the nonce is right.
	 *
	 * @param string $action The nonce's action.
	 */
	private static function authorize( string $action ): void {
		if ( ! current_user_can( 'manage_options' ) ) {
			wp_die( esc_html__( 'Sorry, you are not allowed to manage these settings.', 'moderation' ), 403 );
		}
		check_admin_referer( $action );
	}

	/** Back to the settings page. */
	private static function back(): void {
		wp_safe_redirect( admin_url( 'options-general.php?page=' . self::PAGE ) );
		exit;
	}
}
