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
final class Modserv_Admin {

	public const PAGE = 'moderation';

	/** Hook the admin screens. */
	public static function init(): void {
		add_action( 'admin_menu', array( self::class, 'menu' ) );
		add_action( 'admin_init', array( self::class, 'register_settings' ) );
		add_action( 'admin_post_modserv_test_connection', array( self::class, 'test_connection' ) );
		add_action( 'admin_post_modserv_new_secret', array( self::class, 'new_secret' ) );
		add_action( 'admin_post_modserv_abusive', array( self::class, 'abusive' ) );
		add_action( 'admin_notices', array( self::class, 'unscored_notice' ) );
		add_action( 'admin_notices', array( self::class, 'unconfigured_notice' ) );
		add_action( 'admin_notices', array( self::class, 'akismet_notice' ) );
		add_filter( 'manage_edit-comments_columns', array( self::class, 'columns' ) );
		add_action( 'manage_comments_custom_column', array( self::class, 'column' ), 10, 2 );
		add_filter( 'comment_row_actions', array( self::class, 'row_actions' ), 10, 2 );
		add_filter( 'plugin_action_links_' . plugin_basename( MODSERV_PLUGIN_FILE ), array( self::class, 'action_links' ) );
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
			Modserv_Settings::OPTION,
			array(
				'type'              => 'array',
				'sanitize_callback' => array( 'Modserv_Settings', 'sanitize' ),
				'show_in_rest'      => false,
			)
		);
		add_settings_section( 'modserv_service', __( 'Service', 'moderation' ), '__return_false', self::PAGE );
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
				'modserv_' . $name,
				$label,
				array( self::class, 'field_' . $name ),
				self::PAGE,
				'modserv_service',
				array( 'label_for' => 'modserv_' . $name )
			);
		}
	}

	/** The service URL field. */
	public static function field_service_url(): void {
		printf(
			'<input type="url" class="regular-text code" id="modserv_service_url" name="%1$s[service_url]" value="%2$s" placeholder="https://moderation.example.org" /><p class="description">%3$s</p>',
			esc_attr( Modserv_Settings::OPTION ),
			esc_attr( (string) Modserv_Settings::get( 'service_url' ) ),
			esc_html__( 'Where the moderation service answers (use https:// outside a private network).', 'moderation' )
		);
	}

	/** The site key field: never shown back, only its last characters. */
	public static function field_site_key(): void {
		self::secret_field( 'site_key', __( 'One of the service\'s MODERATION_SITE_KEYS; editors\' decisions are sent with it.', 'moderation' ) );
	}

	/**
	 * The webhook secret field: the secret can be read (behind *Show*) to copy it into the service, and the
	 * URL the service must call.
	 */
	public static function field_webhook_secret(): void {
		self::secret_field( 'webhook_secret', __( 'Shared with the service: set the same value as its MODERATION_WEBHOOK_SECRET.', 'moderation' ) );
		$secret = (string) Modserv_Settings::get( 'webhook_secret' );
		if ( '' !== $secret ) {
			printf(
				'<details id="modserv-show-secret"><summary>%1$s</summary><p><code>%2$s</code></p></details>',
				esc_html__( 'Show the webhook secret', 'moderation' ),
				esc_html( $secret )
			);
		}
		printf(
			'<p class="description">%1$s</p><p><code id="modserv-webhook-url">%2$s</code></p>',
			esc_html__( 'Set the service\'s MODERATION_WEBHOOK_URL to this address (it must be reachable from the service):', 'moderation' ),
			esc_html( Modserv_Outcomes::webhook_url() )
		);
	}

	/** The timeout field. */
	public static function field_timeout(): void {
		printf(
			'<input type="number" step="0.5" min="%1$s" max="%2$s" id="modserv_timeout" name="%3$s[timeout]" value="%4$s" class="small-text" /><p class="description">%5$s</p>',
			esc_attr( (string) Modserv_Settings::MIN_TIMEOUT ),
			esc_attr( (string) Modserv_Settings::MAX_TIMEOUT ),
			esc_attr( Modserv_Settings::OPTION ),
			esc_attr( (string) Modserv_Settings::timeout() ),
			esc_html__( 'If the service does not answer in time, the comment is held and scored later.', 'moderation' )
		);
	}

	/** What "rejected" does. */
	public static function field_rejected_action(): void {
		$current = (string) Modserv_Settings::get( 'rejected_action' );
		$choices = array(
			Modserv_Decision::REJECT_TRASH  => __( 'Move them to the trash (editors can restore them)', 'moderation' ),
			Modserv_Decision::REJECT_REFUSE => __( 'Refuse them with an error page (nothing is stored)', 'moderation' ),
		);
		printf( '<select id="modserv_rejected_action" name="%s[rejected_action]">', esc_attr( Modserv_Settings::OPTION ) );
		foreach ( $choices as $value => $label ) {
			printf( '<option value="%1$s"%2$s>%3$s</option>', esc_attr( $value ), selected( $current, $value, false ), esc_html( $label ) );
		}
		echo '</select>';
	}

	/** Whether editors' own comments skip the service. */
	public static function field_skip_editors(): void {
		printf(
			'<label><input type="checkbox" id="modserv_skip_editors" name="%1$s[skip_editors]" value="1"%2$s /> %3$s</label>',
			esc_attr( Modserv_Settings::OPTION ),
			checked( (bool) Modserv_Settings::get( 'skip_editors' ), true, false ),
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
		$stored = (string) Modserv_Settings::get( $name );
		printf(
			'<input type="password" class="regular-text code" id="modserv_%1$s" name="%2$s[%1$s]" value="" autocomplete="new-password" placeholder="%3$s" />',
			esc_attr( $name ),
			esc_attr( Modserv_Settings::OPTION ),
			esc_attr( '' === $stored ? __( 'not set', 'moderation' ) : Modserv_Settings::masked( $stored ) )
		);
		printf( '<p class="description">%s %s</p>', esc_html( $description ), esc_html__( 'Leave empty to keep the current value.', 'moderation' ) );
	}

	/** The settings page. */
	public static function render(): void {
		if ( ! current_user_can( 'manage_options' ) ) {
			wp_die( esc_html__( 'Sorry, you are not allowed to manage these settings.', 'moderation' ), 403 );
		}
		$user_id = get_current_user_id();
		$check   = get_transient( 'modserv_check_' . $user_id );
		$secret  = get_transient( 'modserv_new_secret_' . $user_id );
		delete_transient( 'modserv_check_' . $user_id );
		delete_transient( 'modserv_new_secret_' . $user_id );
		echo '<div class="wrap"><h1>' . esc_html( get_admin_page_title() ) . '</h1>';
		if ( is_array( $check ) ) {
			printf(
				'<div class="notice notice-%1$s" id="modserv-check"><p>%2$s</p></div>',
				$check['ok'] ? 'success' : 'error',
				esc_html( (string) $check['message'] )
			);
		}
		if ( is_string( $secret ) && '' !== $secret ) {
			// Shown once, right after it was made, so it can be copied into the service's settings.
			printf(
				'<div class="notice notice-warning" id="modserv-new-secret"><p>%1$s</p><p><code>%2$s</code></p></div>',
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
		self::action_button( 'modserv_test_connection', __( 'Test the connection', 'moderation' ) );
		self::action_button( 'modserv_new_secret', __( 'Generate a new webhook secret', 'moderation' ) );
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

	/** Check the site key and the webhook secret for real (the service's ping) and report on the settings page. */
	public static function test_connection(): void {
		self::authorize( 'modserv_test_connection' );
		list( $ok, $message ) = self::connection_verdict( Modserv_Client::ping() );
		set_transient( 'modserv_check_' . get_current_user_id(), array( 'ok' => $ok, 'message' => $message ), MINUTE_IN_SECONDS );
		update_option( 'modserv_last_check', array( 'ok' => $ok, 'at' => time() ), false );
		self::back();
	}

	/**
	 * What the service's answer to the ping says, in the editor's words.
	 *
	 * @param Modserv_Response $response The answer to POST /v1/site/ping.
	 * @return array{0: bool, 1: string} Whether everything works, and the message.
	 */
	public static function connection_verdict( Modserv_Response $response ): array {
		if ( ! Modserv_Settings::configured() ) {
			return array( false, __( 'Enter the service URL first.', 'moderation' ) );
		}
		if ( null === $response->code ) {
			/* translators: %s: the error code of WordPress's HTTP API. */
			return array( false, sprintf( __( 'The service could not be reached (%s).', 'moderation' ), $response->error ) );
		}
		if ( 401 === $response->code ) {
			return array( false, __( 'The service refused the site key: enter one of its MODERATION_SITE_KEYS.', 'moderation' ) );
		}
		if ( ! $response->scored() || null === $response->body ) {
			/* translators: %d: an HTTP status code. */
			return array( false, sprintf( __( 'The service answered HTTP %d.', 'moderation' ), $response->code ) );
		}
		$webhook = (array) ( $response->body['webhook'] ?? array() );
		if ( empty( $webhook['configured'] ) ) {
			return array( false, __( 'The site key is accepted, but the service has no webhook: set its MODERATION_WEBHOOK_URL and MODERATION_WEBHOOK_SECRET as shown below.', 'moderation' ) );
		}
		if ( ! empty( $webhook['delivered'] ) ) {
			return array( true, __( 'The site key is accepted, and the service reached this site\'s webhook with the same secret.', 'moderation' ) );
		}
		if ( 401 === (int) ( $webhook['status_code'] ?? 0 ) ) {
			return array( false, __( 'The site key is accepted, but the service\'s MODERATION_WEBHOOK_SECRET differs from this site\'s webhook secret.', 'moderation' ) );
		}
		$got = isset( $webhook['status_code'] ) ? 'HTTP ' . (int) $webhook['status_code'] : sanitize_text_field( (string) ( $webhook['error'] ?? '' ) );
		return array(
			false,
			/* translators: 1: what the call gave (HTTP status or error), 2: the address the service called. */
			sprintf( __( 'The site key is accepted, but the service could not reach this site\'s webhook (%1$s at %2$s): check its MODERATION_WEBHOOK_URL.', 'moderation' ), $got, esc_url_raw( (string) ( $webhook['url'] ?? '' ) ) ),
		);
	}

	/** Replace the webhook secret with a new random one and show it once. */
	public static function new_secret(): void {
		self::authorize( 'modserv_new_secret' );
		$settings                   = Modserv_Settings::all();
		$settings['webhook_secret'] = Modserv_Settings::generate_secret();
		update_option( Modserv_Settings::OPTION, $settings );
		set_transient( 'modserv_new_secret_' . get_current_user_id(), $settings['webhook_secret'], 5 * MINUTE_IN_SECONDS );
		self::back();
	}

	/** Tell editors how many comments wait unscored. */
	public static function unscored_notice(): void {
		if ( ! current_user_can( 'moderate_comments' ) ) {
			return;
		}
		$count = Modserv_Outcomes::unscored_count();
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
			'<div class="notice notice-warning" id="modserv-unscored"><p>%1$s <a href="%2$s">%3$s</a></p></div>',
			esc_html( $message ),
			esc_url( admin_url( 'edit-comments.php?comment_status=moderated' ) ),
			esc_html__( 'See pending comments', 'moderation' )
		);
	}

	/** Say so when the plugin cannot work yet, on every admin screen, to those who can fix it. */
	public static function unconfigured_notice(): void {
		if ( ! current_user_can( 'manage_options' ) ) {
			return;
		}
		$missing = Modserv_Settings::missing();
		if ( empty( $missing ) ) {
			return;
		}
		$names = array(
			'service_url'    => __( 'Service URL', 'moderation' ),
			'site_key'       => __( 'Site key', 'moderation' ),
			'webhook_secret' => __( 'Webhook secret', 'moderation' ),
		);
		$labels = array_map( static fn( string $name ): string => $names[ $name ], $missing );
		$intro  = in_array( 'service_url', $missing, true )
			? __( 'Moderation is not connected: comments are not checked.', 'moderation' )
			: __( 'Moderation is not fully connected.', 'moderation' );
		printf(
			'<div class="notice notice-error" id="modserv-unconfigured"><p>%1$s %2$s <a href="%3$s">%4$s</a></p></div>',
			esc_html( $intro ),
			/* translators: %s: the missing settings, comma-separated. */
			esc_html( sprintf( __( 'Missing: %s.', 'moderation' ), implode( ', ', $labels ) ) ),
			esc_url( admin_url( 'options-general.php?page=' . self::PAGE ) ),
			esc_html__( 'Open the settings', 'moderation' )
		);
	}

	/** Beside the stock Akismet plugin: say which of the two decides. */
	public static function akismet_notice(): void {
		if ( ! current_user_can( 'moderate_comments' ) || ! Modserv_Plugin::akismet_active() || ! Modserv_Settings::configured() ) {
			return;
		}
		$screen = get_current_screen();
		if ( null === $screen || ! in_array( $screen->id, array( 'settings_page_' . self::PAGE, 'edit-comments', 'plugins' ), true ) ) {
			return;
		}
		printf(
			'<div class="notice notice-info" id="modserv-akismet"><p>%s</p></div>',
			esc_html__( 'Akismet is active too: the moderation service decides every comment, and Akismet\'s own check is turned off while Moderation is connected (a comment is scored once, held comments stay held for your moderators).', 'moderation' )
		);
	}

	/**
	 * The service's verdict, as a column of *Comments*.
	 *
	 * @param array<string, string> $columns The screen's columns.
	 * @return array<string, string>
	 */
	public static function columns( array $columns ): array {
		$columns['modserv'] = __( 'Moderation service', 'moderation' );
		return $columns;
	}

	/**
	 * One comment's verdict: the service's status, its reasons, and (in a row action's panel) the scores.
	 *
	 * @param string $column     The column.
	 * @param int    $comment_id The comment.
	 */
	public static function column( string $column, int|string $comment_id ): void {
		if ( 'modserv' !== $column ) {
			return;
		}
		$comment_id = (int) $comment_id;
		$verdict    = self::verdict( $comment_id );
		printf( '<div class="modserv-verdict" id="modserv-verdict-%1$d"><strong>%2$s</strong>', $comment_id, esc_html( $verdict['status'] ) );
		if ( ! empty( $verdict['reasons'] ) ) {
			echo '<ul class="modserv-reasons">';
			foreach ( $verdict['reasons'] as $reason ) {
				printf( '<li>%s</li>', esc_html( $reason ) );
			}
			echo '</ul>';
		}
		if ( ! empty( $verdict['scores'] ) ) {
			printf( '<details class="modserv-scores" id="modserv-scores-%1$d"><summary>%2$s</summary><table>', $comment_id, esc_html__( 'Scores', 'moderation' ) );
			foreach ( $verdict['scores'] as $head => $score ) {
				printf( '<tr><th scope="row">%1$s</th><td>%2$s</td></tr>', esc_html( $head ), esc_html( number_format_i18n( $score, 2 ) ) );
			}
			printf( '</table><p>%1$s <code>%2$s</code></p></details>', esc_html__( 'Model', 'moderation' ), esc_html( $verdict['model'] ) );
		}
		echo '</div>';
	}

	/**
	 * What the plugin knows of the service's verdict on a comment.
	 *
	 * @param int $comment_id The comment.
	 * @return array{status: string, reasons: string[], scores: array<string, float>, model: string}
	 */
	public static function verdict( int $comment_id ): array {
		$meta     = static fn( string $key ): string => (string) get_comment_meta( $comment_id, $key, true );
		$statuses = array(
			'approved' => __( 'Published by the service', 'moderation' ),
			'pending'  => __( 'Held for the service\'s moderators', 'moderation' ),
			'spam'     => __( 'Spam for the service', 'moderation' ),
			'rejected' => __( 'Rejected by the service', 'moderation' ),
		);
		$unscored = $meta( Modserv_Outcomes::META_UNSCORED );
		if ( Modserv_Outcomes::RETRYING === $unscored ) {
			$status = __( 'Not scored yet: the service did not answer, it will be sent again', 'moderation' );
		} elseif ( Modserv_Outcomes::REFUSED === $unscored ) {
			$status = __( 'Refused by the service: decide it here', 'moderation' );
		} elseif ( '' === $meta( Modserv_Outcomes::META_ID ) ) {
			$status = __( 'Not sent to the service', 'moderation' );
		} else {
			$status = $statuses[ $meta( Modserv_Outcomes::META_STATUS ) ] ?? $meta( Modserv_Outcomes::META_STATUS );
		}
		$reasons = json_decode( $meta( Modserv_Outcomes::META_MESSAGES ), true );
		$scores  = json_decode( $meta( Modserv_Outcomes::META_SCORES ), true );
		return array(
			'status'  => $status,
			'reasons' => array_values( array_filter( is_array( $reasons ) ? array_map( 'strval', $reasons ) : array() ) ),
			'scores'  => is_array( $scores ) ? array_map( 'floatval', $scores ) : array(),
			'model'   => $meta( Modserv_Outcomes::META_MODEL ),
		);
	}

	/**
	 * Row actions: *Scores* opens the verdict's panel; *Abusive* trashes the comment saying why (a label).
	 *
	 * @param array<string, string> $actions The row's actions.
	 * @param WP_Comment            $comment The comment.
	 * @return array<string, string>
	 */
	public static function row_actions( array $actions, WP_Comment $comment ): array {
		$comment_id = (int) $comment->comment_ID;
		if ( '' === (string) get_comment_meta( $comment_id, Modserv_Outcomes::META_ID, true ) ) {
			return $actions;
		}
		$actions['modserv_scores'] = sprintf(
			'<a href="#modserv-scores-%1$d" onclick="var d=document.getElementById(\'modserv-scores-%1$d\');if(d){d.open=!d.open;}return false;">%2$s</a>',
			$comment_id,
			esc_html__( 'Service verdict', 'moderation' )
		);
		if ( 'trash' !== wp_get_comment_status( $comment_id ) && current_user_can( 'edit_comment', $comment_id ) ) {
			$url = wp_nonce_url( admin_url( 'admin-post.php?action=modserv_abusive&c=' . $comment_id ), 'modserv_abusive_' . $comment_id );
			$actions['modserv_abusive'] = sprintf( '<a href="%1$s" class="modserv-abusive">%2$s</a>', esc_url( $url ), esc_html__( 'Abusive', 'moderation' ) );
		}
		return $actions;
	}

	/** *Abusive*: to the trash, with the label "toxic" for the service (plain *Trash* sends none). */
	public static function abusive(): void {
		$comment_id = isset( $_GET['c'] ) ? absint( $_GET['c'] ) : 0; // phpcs:ignore WordPress.Security.NonceVerification.Recommended -- checked just below.
		check_admin_referer( 'modserv_abusive_' . $comment_id );
		if ( ! $comment_id || ! current_user_can( 'edit_comment', $comment_id ) ) {
			wp_die( esc_html__( 'Sorry, you are not allowed to edit this comment.', 'moderation' ), 403 );
		}
		Modserv_Feedback::saying( 'toxic', static fn() => wp_trash_comment( $comment_id ) );
		wp_safe_redirect( admin_url( 'edit-comments.php?trashed=1&ids=' . $comment_id ) );
		exit;
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
