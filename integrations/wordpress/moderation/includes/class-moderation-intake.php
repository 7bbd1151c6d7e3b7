<?php
/**
 * New comments go to the service before WordPress stores them; the answer sets their status.
 *
 * As Akismet does, the call happens while WordPress decides (`pre_comment_approved`) and the result is saved
 * once the comment has an id (`comment_post`).
 *
 * @package Moderation
 */

defined( 'ABSPATH' ) || exit;

/**
 * Scores new comments.
 */
final class Moderation_Intake {

	/**
	 * The exchange for the comment being inserted, until `comment_post` saves it.
	 *
	 * @var array{response: Moderation_Response, payload: array<string, string>, key: string}|null
	 */
	private static ?array $current = null;

	/** Hook into comment creation. */
	public static function init(): void {
		// Late, so WordPress's own checks (and other plugins') have run: their spam or trash stands.
		add_filter( 'pre_comment_approved', array( self::class, 'filter_approved' ), 99, 2 );
		add_action( 'comment_post', array( self::class, 'after_insert' ), 10, 2 );
	}

	/**
	 * Ask the service, and give the comment its status; hold it when the service cannot answer.
	 *
	 * @param int|string|WP_Error  $approved    WordPress's verdict so far.
	 * @param array<string, mixed> $commentdata The comment.
	 * @return int|string|WP_Error
	 */
	public static function filter_approved( int|string|WP_Error $approved, array $commentdata ): int|string|WP_Error {
		self::$current = null;
		if ( is_wp_error( $approved ) || 'spam' === $approved || 'trash' === $approved ) {
			return $approved;
		}
		if ( ! Moderation_Settings::configured() || ! self::should_check( $commentdata ) ) {
			return $approved;
		}
		$payload  = self::payload( $commentdata );
		$key      = wp_generate_uuid4();
		$response = Moderation_Client::submit( $payload, $key );
		$rejected = (string) Moderation_Settings::get( 'rejected_action' );
		$value    = Moderation_Decision::for_outcome( $response->outcome, $response->status(), $rejected );
		if ( Moderation_Decision::REJECT_REFUSE === $value ) {
			return new WP_Error( 'moderation_rejected', self::refusal_message( $response ), 403 );
		}
		self::$current = array(
			'response' => $response,
			'payload'  => $payload,
			'key'      => $key,
		);
		return Moderation_Decision::combine( $approved, $value, (bool) get_option( 'comment_moderation' ) );
	}

	/**
	 * Save the service's answer on the new comment, or mark it for the cron's retry.
	 *
	 * @param int        $comment_id The new comment's id.
	 * @param int|string $approved   Its status.
	 */
	public static function after_insert( int $comment_id, int|string $approved ): void {
		$current       = self::$current;
		self::$current = null;
		if ( null === $current ) {
			return;
		}
		$response = $current['response'];
		if ( $response->scored() && null !== $response->body ) {
			Moderation_Outcomes::record( $comment_id, $response->body );
			return;
		}
		$retry = Moderation_Decision::UNAVAILABLE === $response->outcome;
		Moderation_Outcomes::mark_unscored( $comment_id, $current['payload'], $current['key'], $response->error, $retry );
		if ( $retry ) {
			Moderation_Cron::schedule_retry();
		}
	}

	/**
	 * Whether this comment goes to the service: readers' comments, and editors' too unless set to skip them.
	 *
	 * @param array<string, mixed> $commentdata The comment.
	 */
	public static function should_check( array $commentdata ): bool {
		$type = (string) ( $commentdata['comment_type'] ?? 'comment' );
		if ( '' !== $type && 'comment' !== $type ) {
			return false; // Pingbacks and trackbacks are left to WordPress.
		}
		if ( Moderation_Settings::get( 'skip_editors' ) && is_user_logged_in() && current_user_can( 'moderate_comments' ) ) {
			return false;
		}
		/**
		 * Filters whether a comment is sent to the moderation service.
		 *
		 * @param bool  $check       True to send it.
		 * @param array $commentdata The comment.
		 */
		return (bool) apply_filters( 'moderation_should_check', true, $commentdata );
	}

	/**
	 * The submission as the service reads it (WordPress's field names, plus the request's context).
	 *
	 * @param array<string, mixed> $commentdata The comment.
	 * @return array<string, string>
	 */
	public static function payload( array $commentdata ): array {
		$post_id = (int) ( $commentdata['comment_post_ID'] ?? 0 );
		// phpcs:disable WordPress.Security.ValidatedSanitizedInput -- sent as context, never output or stored here.
		$referrer = isset( $_SERVER['HTTP_REFERER'] ) ? esc_url_raw( wp_unslash( $_SERVER['HTTP_REFERER'] ) ) : '';
		$ip       = (string) ( $commentdata['comment_author_IP'] ?? ( $_SERVER['REMOTE_ADDR'] ?? '' ) );
		$agent    = (string) ( $commentdata['comment_agent'] ?? ( $_SERVER['HTTP_USER_AGENT'] ?? '' ) );
		// phpcs:enable
		return array(
			'comment'         => (string) ( $commentdata['comment_content'] ?? '' ),
			'author'          => (string) ( $commentdata['comment_author'] ?? '' ),
			'email'           => (string) ( $commentdata['comment_author_email'] ?? '' ),
			'url'             => (string) ( $commentdata['comment_author_url'] ?? '' ),
			'comment_post_ID' => (string) $post_id,
			'comment_parent'  => (string) (int) ( $commentdata['comment_parent'] ?? 0 ),
			'user_ip'         => preg_replace( '/[^0-9a-fA-F:., ]/', '', $ip ),
			'user_agent'      => $agent,
			'referrer'        => $referrer,
			'permalink'       => $post_id ? (string) get_permalink( $post_id ) : '',
			'lang'            => get_bloginfo( 'language' ),
		);
	}

	/**
	 * The refusal page's message, with the service's first reason when it gave one.
	 *
	 * @param Moderation_Response $response The service's answer.
	 */
	private static function refusal_message( Moderation_Response $response ): string {
		$message = esc_html__( 'Your comment was not published: it does not follow the discussion rules of this site.', 'moderation' );
		$reasons = (array) ( $response->body['reasons'] ?? array() );
		if ( isset( $reasons[0]['message'] ) && is_string( $reasons[0]['message'] ) ) {
			$message .= ' ' . esc_html( $reasons[0]['message'] );
		}
		return $message;
	}
}
