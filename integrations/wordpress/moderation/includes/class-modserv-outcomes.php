<?php
/**
 * The service's results on WordPress comments: comment meta, status changes, and the signed webhook route.
 *
 * @package Moderation
 */

defined( 'ABSPATH' ) || exit;

/**
 * Stores results and applies decisions made in the service.
 */
final class Modserv_Outcomes {

	public const META_ID       = '_modserv_id';
	public const META_STATUS   = '_modserv_status';
	public const META_SCORES   = '_modserv_scores';
	public const META_MODEL    = '_modserv_model_version';
	public const META_REASONS  = '_modserv_reasons';
	public const META_DECIDED  = '_modserv_decided_at';
	public const META_UNSCORED = '_modserv_unscored';
	public const META_PAYLOAD  = '_modserv_payload';
	public const META_KEY      = '_modserv_idempotency_key';
	public const META_ERROR    = '_modserv_error';
	public const META_FEEDBACK = '_modserv_feedback_pending';
	public const META_MESSAGES = '_modserv_reason_messages';
	public const META_SENT     = '_modserv_sent';

	/** META_UNSCORED while the cron retries; REFUSED when the service refused it (an editor decides). */
	public const RETRYING = 'retry';
	public const REFUSED  = 'refused';

	public const REST_NAMESPACE = 'moderation/v1';
	public const REST_ROUTE     = '/outcome';

	/** Set while the plugin itself changes a status, so that change is not sent back as an editor's feedback. */
	private static bool $applying = false;

	/** Register the webhook route. */
	public static function init(): void {
		add_action( 'rest_api_init', array( self::class, 'register_routes' ) );
	}

	/** Whether the plugin is applying a decision right now. */
	public static function is_applying(): bool {
		return self::$applying;
	}

	/**
	 * Save what the service answered for a comment, and forget any retry state.
	 *
	 * @param int                  $comment_id The WordPress comment.
	 * @param array<string, mixed> $body       The service's CommentOut JSON.
	 */
	public static function record( int $comment_id, array $body ): void {
		update_comment_meta( $comment_id, self::META_ID, sanitize_text_field( (string) ( $body['id'] ?? '' ) ) );
		update_comment_meta( $comment_id, self::META_STATUS, sanitize_key( (string) ( $body['status'] ?? '' ) ) );
		$scores = array();
		foreach ( (array) ( $body['scores'] ?? array() ) as $head => $score ) {
			$scores[ sanitize_key( (string) $head ) ] = round( (float) $score, 4 );
		}
		update_comment_meta( $comment_id, self::META_SCORES, wp_json_encode( $scores ) );
		update_comment_meta( $comment_id, self::META_MODEL, sanitize_text_field( (string) ( $body['model_version'] ?? '' ) ) );
		$codes    = array();
		$messages = array();
		foreach ( (array) ( $body['reasons'] ?? array() ) as $reason ) {
			if ( is_array( $reason ) && isset( $reason['code'] ) ) {
				$codes[]    = sanitize_key( (string) $reason['code'] );
				$messages[] = sanitize_text_field( (string) ( $reason['message'] ?? '' ) );
			}
		}
		update_comment_meta( $comment_id, self::META_REASONS, implode( ',', $codes ) );
		// The service's own wording, in the site's language: shown to editors in wp-admin, never to readers.
		update_comment_meta( $comment_id, self::META_MESSAGES, wp_slash( (string) wp_json_encode( $messages ) ) );
		delete_comment_meta( $comment_id, self::META_UNSCORED );
		delete_comment_meta( $comment_id, self::META_PAYLOAD );
		delete_comment_meta( $comment_id, self::META_ERROR );
	}

	/**
	 * Keep a comment the service could not score, with what the retry needs.
	 *
	 * @param int                   $comment_id The WordPress comment.
	 * @param array<string, string> $payload    The submission.
	 * @param string                $key        Its Idempotency-Key (the retry sends the same).
	 * @param string                $error      Why it failed (no secrets, no personal data).
	 * @param bool                  $retry      Whether a retry can succeed (false when the service refused it).
	 */
	public static function mark_unscored( int $comment_id, array $payload, string $key, string $error, bool $retry ): void {
		update_comment_meta( $comment_id, self::META_UNSCORED, $retry ? self::RETRYING : self::REFUSED );
		update_comment_meta( $comment_id, self::META_KEY, $key );
		update_comment_meta( $comment_id, self::META_ERROR, sanitize_text_field( $error ) );
		if ( $retry ) {
			update_comment_meta( $comment_id, self::META_PAYLOAD, wp_slash( wp_json_encode( $payload ) ) );
		} else {
			delete_comment_meta( $comment_id, self::META_PAYLOAD );
		}
	}

	/** How many comments wait unscored (for the admin notice). */
	public static function unscored_count(): int {
		global $wpdb;
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery -- a count over the plugin's own meta key, cheap and uncached on purpose.
		return (int) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM {$wpdb->commentmeta} WHERE meta_key = %s", self::META_UNSCORED ) );
	}

	/**
	 * The WordPress comment a service id belongs to.
	 *
	 * @param string $service_id The service's comment id.
	 */
	public static function find_comment( string $service_id ): ?WP_Comment {
		if ( '' === $service_id ) {
			return null;
		}
		$found = get_comments(
			array(
				'meta_key'   => self::META_ID, // phpcs:ignore WordPress.DB.SlowDBQuery
				'meta_value' => $service_id, // phpcs:ignore WordPress.DB.SlowDBQuery
				'number'     => 1,
				'status'     => array( 'hold', 'approve', 'spam', 'trash' ), // "all" would leave out spam and trash.
			)
		);
		return empty( $found ) ? null : $found[0];
	}

	/**
	 * Give a comment the WordPress status matching a service status (no feedback is sent for this change).
	 *
	 * @param int    $comment_id The WordPress comment.
	 * @param string $status     approved, pending, spam or rejected.
	 * @return bool Whether the status changed.
	 */
	public static function apply_status( int $comment_id, string $status ): bool {
		$action = Modserv_Decision::status_action( $status );
		$current = wp_get_comment_status( $comment_id );
		if ( null === $action || false === $current || Modserv_Decision::matches( (string) $current, $status ) ) {
			return false;
		}
		self::$applying = true;
		try {
			if ( 'trash' === (string) $current && 'trash' !== $action ) {
				wp_untrash_comment( $comment_id );
			} elseif ( 'spam' === (string) $current && 'spam' !== $action ) {
				wp_unspam_comment( $comment_id );
			}
			return (bool) wp_set_comment_status( $comment_id, $action );
		} finally {
			self::$applying = false;
		}
	}

	/** Register POST /wp-json/moderation/v1/outcome. */
	public static function register_routes(): void {
		register_rest_route(
			self::REST_NAMESPACE,
			self::REST_ROUTE,
			array(
				'methods'             => 'POST',
				'callback'            => array( self::class, 'receive' ),
				'permission_callback' => array( self::class, 'verify_request' ),
			)
		);
	}

	/** The URL the service's MODERATION_WEBHOOK_URL must name. */
	public static function webhook_url(): string {
		return rest_url( self::REST_NAMESPACE . self::REST_ROUTE );
	}

	/**
	 * Let a webhook call through only with a fresh timestamp and the service's signature.
	 *
	 * @param WP_REST_Request $request The call.
	 * @return true|WP_Error
	 */
	public static function verify_request( WP_REST_Request $request ): bool|WP_Error {
		$ok = Modserv_Signature::verify(
			$request->get_body(),
			(string) $request->get_header( 'X-Moderation-Signature' ),
			(string) $request->get_header( 'X-Moderation-Timestamp' ),
			(string) Modserv_Settings::get( 'webhook_secret' ),
			time()
		);
		return $ok ? true : new WP_Error( 'modserv_bad_signature', 'Invalid or expired signature.', array( 'status' => 401 ) );
	}

	/**
	 * Apply a decision the service sends (the event `comment.decided`); a decision older than the comment's
	 * latest one (a late retry, or an editor's later action) changes nothing.
	 *
	 * @param WP_REST_Request $request The verified call.
	 */
	public static function receive( WP_REST_Request $request ): WP_REST_Response {
		$event = json_decode( $request->get_body(), true );
		if ( is_array( $event ) && 'ping' === ( $event['event'] ?? '' ) ) {
			// The service's connection test: the signature was checked, so the secrets match.
			return new WP_REST_Response( array( 'pong' => true ), 200 );
		}
		if ( ! is_array( $event ) || ! isset( $event['comment_id'], $event['status'] ) ) {
			return new WP_REST_Response( array( 'applied' => false, 'reason' => 'unreadable' ), 400 );
		}
		$comment = self::find_comment( (string) $event['comment_id'] );
		if ( null === $comment ) {
			// Deleted here, or never sent from this site: retrying cannot help, so acknowledge it.
			return new WP_REST_Response( array( 'applied' => false, 'reason' => 'unknown_comment' ), 200 );
		}
		$comment_id = (int) $comment->comment_ID;
		$decided_at = (float) ( $event['decided_at'] ?? time() );
		$latest     = (float) get_comment_meta( $comment_id, self::META_DECIDED, true );
		if ( $decided_at < $latest ) {
			return new WP_REST_Response( array( 'applied' => false, 'reason' => 'superseded' ), 200 );
		}
		$status = sanitize_key( (string) $event['status'] );
		update_comment_meta( $comment_id, self::META_STATUS, $status );
		update_comment_meta( $comment_id, self::META_DECIDED, (string) $decided_at );
		$changed = self::apply_status( $comment_id, $status );
		return new WP_REST_Response(
			array(
				'applied'    => true,
				'changed'    => $changed,
				'comment_id' => $comment_id,
			),
			200
		);
	}
}
