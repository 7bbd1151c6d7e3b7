<?php
/**
 * New comments go to the service before WordPress stores them; the answer sets their status.
 *
 * As Akismet does, the call happens while WordPress decides and the result is saved once the comment has an
 * id. Both hooks fire on every path: `pre_comment_approved` runs in `wp_allow_comment()`, which the theme's
 * form, XML-RPC (pingbacks), trackbacks and the REST API (`POST /wp/v2/comments`) all call, and
 * `wp_insert_comment` fires for every stored comment (`comment_post` misses REST-created ones). Edited
 * comments are sent again (`edit_comment`), deleted ones forgotten by the service (`delete_comment`).
 *
 * @package Moderation
 */

defined( 'ABSPATH' ) || exit;

/**
 * Scores new and edited comments.
 */
final class Modserv_Intake {

	/**
	 * The exchange for the comment being inserted, until `wp_insert_comment` saves it.
	 *
	 * @var array{response: Modserv_Response, payload: array<string, string>, key: string, post: int, text: string}|null
	 */
	private static ?array $current = null;

	/** Comment types the service checks: comments, and the oldest spam channel, pingbacks and trackbacks. */
	public const TYPES = array( '', 'comment', 'pingback', 'trackback' );

	/** Hook into comment creation, edits and deletion. */
	public static function init(): void {
		// Late, so WordPress's own checks (and other plugins') have run: their spam or trash stands.
		add_filter( 'pre_comment_approved', array( self::class, 'filter_approved' ), 99, 2 );
		add_action( 'wp_insert_comment', array( self::class, 'after_insert' ), 10, 2 );
		add_action( 'edit_comment', array( self::class, 'after_edit' ), 10, 2 );
		add_action( 'delete_comment', array( self::class, 'before_delete' ), 10, 2 );
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
		if ( ! Modserv_Settings::configured() || ! self::should_check( $commentdata ) ) {
			return $approved;
		}
		$payload  = array_merge( self::payload( $commentdata ), Modserv_Form::signals() );
		$key      = wp_generate_uuid4();
		$response = Modserv_Client::submit( $payload, $key );
		$rejected = (string) Modserv_Settings::get( 'rejected_action' );
		$value    = Modserv_Decision::for_outcome( $response->outcome, $response->status(), $rejected );
		if ( Modserv_Decision::REJECT_REFUSE === $value ) {
			// Never the model's reason or score: a troll would learn which words to change.
			return new WP_Error( 'modserv_rejected', esc_html__( 'Your comment was not published: it does not follow the discussion rules of this site.', 'moderation' ), 403 );
		}
		self::$current = array(
			'response' => $response,
			'payload'  => $payload,
			'key'      => $key,
			'post'     => (int) ( $commentdata['comment_post_ID'] ?? 0 ),
			'text'     => (string) ( $commentdata['comment_content'] ?? '' ),
		);
		return Modserv_Decision::combine( $approved, $value, (bool) get_option( 'comment_moderation' ) );
	}

	/**
	 * Save the service's answer on the new comment, or mark it for the cron's retry.
	 *
	 * @param int        $comment_id The new comment's id.
	 * @param WP_Comment $comment    The stored comment.
	 */
	public static function after_insert( int $comment_id, WP_Comment $comment ): void {
		$current       = self::$current;
		self::$current = null;
		// Only the comment this request asked about (a plugin may insert others meanwhile).
		if ( null === $current || (int) $comment->comment_post_ID !== $current['post'] ) {
			return;
		}
		self::keep( $comment_id, $current['response'], $current['payload'], $current['key'], $comment );
	}

	/**
	 * Keep what the service answered for a comment, or what a retry needs.
	 *
	 * @param int                   $comment_id The comment.
	 * @param Modserv_Response      $response   The service's answer.
	 * @param array<string, string> $payload    What was sent.
	 * @param string                $key        Its Idempotency-Key.
	 * @param WP_Comment            $comment    The comment as stored (what a later edit is compared with).
	 */
	private static function keep( int $comment_id, Modserv_Response $response, array $payload, string $key, WP_Comment $comment ): void {
		update_comment_meta( $comment_id, Modserv_Outcomes::META_SENT, self::fingerprint( self::payload_of( $comment ) ) );
		if ( $response->scored() && null !== $response->body ) {
			Modserv_Outcomes::record( $comment_id, $response->body );
			return;
		}
		// A flood is the reader's doing, not an outage: resending it (exempt from the check) would launder it.
		$retry = Modserv_Decision::UNAVAILABLE === $response->outcome && ! $response->flood();
		Modserv_Outcomes::mark_unscored( $comment_id, $payload, $key, $response->error, $retry );
		if ( $retry ) {
			Modserv_Cron::schedule_retry();
		}
	}

	/**
	 * An edited comment goes to the service again: its new text is scored, and later labels are about it.
	 *
	 * The service forgets the old text (a new id replaces it). An editor's edit keeps the status the editor
	 * sees; an edit by its author (REST API, a front-end editing plugin) takes the service's new status.
	 *
	 * @param int                  $comment_id The comment.
	 * @param array<string, mixed> $data       The updated fields.
	 */
	public static function after_edit( int $comment_id, array $data ): void {
		unset( $data );
		$comment = get_comment( $comment_id );
		if ( ! $comment instanceof WP_Comment || Modserv_Outcomes::is_applying() || ! Modserv_Settings::configured() ) {
			return;
		}
		$sent = (string) get_comment_meta( $comment_id, Modserv_Outcomes::META_SENT, true );
		if ( '' === $sent ) {
			return; // Never sent (an editor's own comment, or from before the plugin): nothing to re-score.
		}
		$payload = self::payload_of( $comment );
		if ( hash_equals( $sent, self::fingerprint( $payload ) ) ) {
			return; // Only the status or a field the service does not read changed.
		}
		$old_id   = (string) get_comment_meta( $comment_id, Modserv_Outcomes::META_ID, true );
		$key      = wp_generate_uuid4();
		$response = Modserv_Client::submit( $payload, $key, true );
		if ( '' !== $old_id ) {
			self::forget( $old_id, (string) $comment->comment_author_email );
			delete_comment_meta( $comment_id, Modserv_Outcomes::META_ID );
		}
		self::keep( $comment_id, $response, $payload, $key, $comment );
		$status = $response->status();
		if ( $response->scored() && null !== $status && ! current_user_can( 'moderate_comments' ) ) {
			Modserv_Outcomes::apply_status( $comment_id, $status );
		}
	}

	/**
	 * A comment deleted for good: the service forgets it (it leaves the review queue).
	 *
	 * @param int|string $comment_id The comment.
	 * @param WP_Comment $comment    The comment being deleted.
	 */
	public static function before_delete( int|string $comment_id, WP_Comment $comment ): void {
		$service_id = (string) get_comment_meta( (int) $comment_id, Modserv_Outcomes::META_ID, true );
		if ( '' !== $service_id ) {
			self::forget( $service_id, (string) $comment->comment_author_email );
		}
	}

	/**
	 * Ask the service to forget a comment; keep the id for the cron when the service is away.
	 *
	 * @param string $service_id The service's id.
	 * @param string $email      The author's email (clears the service's duplicate check too).
	 */
	public static function forget( string $service_id, string $email = '' ): void {
		$response = Modserv_Client::forget( $service_id, $email );
		if ( Modserv_Decision::UNAVAILABLE === $response->outcome ) {
			Modserv_Cron::queue_forget( $service_id );
		}
	}

	/**
	 * Whether this comment goes to the service: readers' comments, pingbacks and trackbacks, and editors' too
	 * unless set to skip them.
	 *
	 * @param array<string, mixed> $commentdata The comment.
	 */
	public static function should_check( array $commentdata ): bool {
		$type = (string) ( $commentdata['comment_type'] ?? 'comment' );
		if ( ! in_array( $type, self::TYPES, true ) ) {
			return false; // Another plugin's type (an order note, a review): not a reader's comment.
		}
		if ( Modserv_Settings::get( 'skip_editors' ) && is_user_logged_in() && current_user_can( 'moderate_comments' ) ) {
			return false;
		}
		/**
		 * Filters whether a comment is sent to the moderation service.
		 *
		 * @param bool  $check       True to send it.
		 * @param array $commentdata The comment.
		 */
		return (bool) apply_filters( 'modserv_should_check', true, $commentdata );
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
		$type = (string) ( $commentdata['comment_type'] ?? '' );
		return array(
			'comment'         => (string) ( $commentdata['comment_content'] ?? '' ),
			'author'          => (string) ( $commentdata['comment_author'] ?? '' ),
			'email'           => (string) ( $commentdata['comment_author_email'] ?? '' ),
			'url'             => (string) ( $commentdata['comment_author_url'] ?? '' ),
			'comment_post_ID' => (string) $post_id,
			'comment_parent'  => (string) (int) ( $commentdata['comment_parent'] ?? 0 ),
			'comment_type'    => '' === $type ? 'comment' : $type,
			'user_ip'         => preg_replace( '/[^0-9a-fA-F:., ]/', '', $ip ),
			'user_agent'      => $agent,
			'referrer'        => $referrer,
			'permalink'       => $post_id ? (string) get_permalink( $post_id ) : '',
			'lang'            => get_bloginfo( 'language' ),
		);
	}

	/**
	 * The submission of a stored comment (an edit): its fields as they are now, its original context.
	 *
	 * @param WP_Comment $comment The comment.
	 * @return array<string, string>
	 */
	public static function payload_of( WP_Comment $comment ): array {
		$payload             = self::payload(
			array(
				'comment_content'      => $comment->comment_content,
				'comment_author'       => $comment->comment_author,
				'comment_author_email' => $comment->comment_author_email,
				'comment_author_url'   => $comment->comment_author_url,
				'comment_post_ID'      => $comment->comment_post_ID,
				'comment_parent'       => $comment->comment_parent,
				'comment_type'         => $comment->comment_type,
				'comment_author_IP'    => $comment->comment_author_IP,
				'comment_agent'        => $comment->comment_agent,
			)
		);
		$payload['referrer'] = '';
		return $payload;
	}

	/**
	 * What identifies the text the service scored: an edit that changes none of it is not sent again.
	 *
	 * @param array<string, string> $payload The submission.
	 */
	public static function fingerprint( array $payload ): string {
		$fields = array();
		foreach ( array( 'comment', 'author', 'email', 'url' ) as $name ) {
			$fields[] = (string) ( $payload[ $name ] ?? '' );
		}
		return hash( 'sha256', (string) wp_json_encode( $fields ) );
	}
}
