<?php
/**
 * WP-Cron work: score comments the service could not score, poll held ones, resend feedback.
 *
 * @package Moderation
 */

defined( 'ABSPATH' ) || exit;

/**
 * Background retries and polling.
 */
final class Modserv_Cron {

	/** Every five minutes: retry, poll, resend. */
	public const SYNC = 'modserv_sync';

	/** Once, soon after a failure. */
	public const RETRY = 'modserv_retry';

	public const SCHEDULE = 'modserv_five_minutes';

	/** Comments handled per run and per kind of work, so one run stays short. */
	public const BATCH = 25;

	/** Service ids of comments deleted while the service was away, to forget later (not autoloaded). */
	public const FORGET_OPTION = 'modserv_forget_queue';

	/** At most this many deletions wait (a service gone for months does not grow the option forever). */
	public const FORGET_MAX = 1000;

	/** Hook the events. */
	public static function init(): void {
		add_filter( 'cron_schedules', array( self::class, 'schedules' ) ); // phpcs:ignore WordPress.WP.CronInterval -- five minutes.
		add_action( self::SYNC, array( self::class, 'run' ) );
		add_action( self::RETRY, array( self::class, 'run' ) );
	}

	/**
	 * Add the five-minute schedule.
	 *
	 * @param array<string, array<string, mixed>> $schedules WordPress's schedules.
	 * @return array<string, array<string, mixed>>
	 */
	public static function schedules( array $schedules ): array {
		$schedules[ self::SCHEDULE ] = array(
			'interval' => 5 * MINUTE_IN_SECONDS,
			'display'  => __( 'Every five minutes (moderation)', 'moderation' ),
		);
		return $schedules;
	}

	/** Schedule the recurring event (activation, and after an update). */
	public static function ensure_scheduled(): void {
		if ( ! wp_next_scheduled( self::SYNC ) ) {
			wp_schedule_event( time() + 5 * MINUTE_IN_SECONDS, self::SCHEDULE, self::SYNC );
		}
	}

	/** Schedule one early run after a failure (60 s by default; filter `modserv_retry_delay`). */
	public static function schedule_retry(): void {
		if ( ! wp_next_scheduled( self::RETRY ) ) {
			$delay = max( 0, (int) apply_filters( 'modserv_retry_delay', MINUTE_IN_SECONDS ) );
			wp_schedule_single_event( time() + $delay, self::RETRY );
		}
	}

	/** Remove both events (deactivation). */
	public static function unschedule(): void {
		wp_clear_scheduled_hook( self::SYNC );
		wp_clear_scheduled_hook( self::RETRY );
	}

	/** One pass of every kind of work. */
	public static function run(): void {
		if ( ! Modserv_Settings::configured() ) {
			return;
		}
		self::retry_unscored();
		self::poll_pending();
		self::resend_feedback();
		self::resend_forgets();
	}

	/**
	 * Keep a deleted comment's service id until the service can be told.
	 *
	 * @param string $service_id The service's id.
	 */
	public static function queue_forget( string $service_id ): void {
		$queued   = (array) get_option( self::FORGET_OPTION, array() );
		$queued[] = $service_id;
		update_option( self::FORGET_OPTION, array_slice( array_values( array_unique( $queued ) ), -self::FORGET_MAX ), false );
		self::schedule_retry();
	}

	/** Tell the service about the deletions it missed. */
	public static function resend_forgets(): void {
		$queued = (array) get_option( self::FORGET_OPTION, array() );
		$left   = $queued;
		foreach ( array_slice( $queued, 0, self::BATCH ) as $service_id ) {
			$response = Modserv_Client::forget( (string) $service_id );
			if ( Modserv_Decision::UNAVAILABLE === $response->outcome ) {
				break;
			}
			$left = array_values( array_diff( $left, array( $service_id ) ) ); // Forgotten, or already unknown (404).
		}
		if ( $left !== $queued ) {
			update_option( self::FORGET_OPTION, $left, false );
		}
	}

	/**
	 * Send again the comments the service could not score, with their first Idempotency-Key.
	 *
	 * @return int How many were scored.
	 */
	public static function retry_unscored(): int {
		$scored = 0;
		foreach ( self::comments_with_meta( Modserv_Outcomes::META_UNSCORED, Modserv_Outcomes::RETRYING ) as $comment ) {
			$comment_id = (int) $comment->comment_ID;
			$payload    = json_decode( (string) get_comment_meta( $comment_id, Modserv_Outcomes::META_PAYLOAD, true ), true );
			$key        = (string) get_comment_meta( $comment_id, Modserv_Outcomes::META_KEY, true );
			if ( ! is_array( $payload ) || '' === $key ) {
				Modserv_Outcomes::mark_unscored( $comment_id, array(), $key, 'lost payload', false );
				continue;
			}
			$response = Modserv_Client::submit( $payload, $key, true ); // A resend: not the reader flooding.
			if ( Modserv_Decision::UNAVAILABLE === $response->outcome ) {
				self::schedule_retry(); // Still away: try again soon, and the five-minute run anyway.
				break;
			}
			if ( ! $response->scored() || null === $response->body ) {
				Modserv_Outcomes::mark_unscored( $comment_id, $payload, $key, $response->error, false );
				continue;
			}
			Modserv_Outcomes::record( $comment_id, $response->body );
			// Only a comment still held takes the service's status: an editor's decision meanwhile stands.
			if ( 'unapproved' === wp_get_comment_status( $comment_id ) ) {
				Modserv_Outcomes::apply_status( $comment_id, (string) $response->status() );
			}
			++$scored;
		}
		return $scored;
	}

	/**
	 * Ask the service about comments it holds for review, in case a webhook was lost.
	 *
	 * @return int How many changed status.
	 */
	public static function poll_pending(): int {
		$changed = 0;
		foreach ( self::comments_with_meta( Modserv_Outcomes::META_STATUS, 'pending' ) as $comment ) {
			$comment_id = (int) $comment->comment_ID;
			if ( 'unapproved' !== wp_get_comment_status( $comment_id ) ) {
				continue;
			}
			$service_id = (string) get_comment_meta( $comment_id, Modserv_Outcomes::META_ID, true );
			$response   = Modserv_Client::fetch( $service_id );
			if ( Modserv_Decision::UNAVAILABLE === $response->outcome ) {
				break;
			}
			$status = $response->status();
			if ( ! $response->scored() || null === $status || 'pending' === $status ) {
				continue;
			}
			update_comment_meta( $comment_id, Modserv_Outcomes::META_STATUS, sanitize_key( $status ) );
			if ( Modserv_Outcomes::apply_status( $comment_id, $status ) ) {
				++$changed;
			}
		}
		return $changed;
	}

	/** Send the editors' labels that could not be sent at the time. */
	public static function resend_feedback(): void {
		foreach ( self::comments_with_meta( Modserv_Outcomes::META_FEEDBACK, null ) as $comment ) {
			$comment_id = (int) $comment->comment_ID;
			$label      = (string) get_comment_meta( $comment_id, Modserv_Outcomes::META_FEEDBACK, true );
			$service_id = (string) get_comment_meta( $comment_id, Modserv_Outcomes::META_ID, true );
			$response   = Modserv_Client::feedback( $service_id, $label, 'wp-admin (resent)' );
			if ( Modserv_Decision::UNAVAILABLE === $response->outcome ) {
				break;
			}
			delete_comment_meta( $comment_id, Modserv_Outcomes::META_FEEDBACK );
			Modserv_Feedback::record_status( $comment_id, $response );
		}
	}

	/**
	 * The oldest comments (any status) carrying a meta key, with a value when one is given.
	 *
	 * @param string      $key   The meta key.
	 * @param string|null $value The value, or null for any.
	 * @return WP_Comment[]
	 */
	private static function comments_with_meta( string $key, ?string $value ): array {
		$query = array(
			'meta_key' => $key, // phpcs:ignore WordPress.DB.SlowDBQuery
			'number'   => self::BATCH,
			'orderby'  => 'comment_ID',
			'order'    => 'ASC',
			'status'   => array( 'hold', 'approve', 'spam', 'trash' ),
		);
		if ( null !== $value ) {
			$query['meta_value'] = $value; // phpcs:ignore WordPress.DB.SlowDBQuery
		}
		$found = get_comments( $query );
		return is_array( $found ) ? $found : array();
	}
}
