<?php
/**
 * Pure rules: the service's answers mapped to WordPress statuses, and editors' actions to feedback labels.
 *
 * Nothing here calls WordPress, so the PHPUnit tests exercise it directly.
 *
 * @package Moderation
 */

defined( 'ABSPATH' ) || exit;

/**
 * Maps between the service's vocabulary and WordPress's.
 */
final class Modserv_Decision {

	/** The service answered with a decision. */
	public const SCORED = 'scored';

	/** The service could not answer now (down, timeout, 429, 5xx): hold the comment and retry later. */
	public const UNAVAILABLE = 'unavailable';

	/** The service refused the submission (another 4xx): hold the comment for an editor; a retry would fail too. */
	public const REFUSED = 'refused';

	/** What "rejected" does by default: the comment goes to the trash, where editors can still restore it. */
	public const REJECT_TRASH = 'trash';

	/** What "rejected" does when set so: WordPress's error page, nothing stored. */
	public const REJECT_REFUSE = 'refuse';

	/**
	 * The WordPress `comment_approved` value for a new comment with the service's status.
	 *
	 * @param string $status          approved, pending, spam or rejected.
	 * @param string $rejected_action self::REJECT_TRASH or self::REJECT_REFUSE.
	 * @return int|string 1, 0, 'spam', 'trash', or self::REJECT_REFUSE (the caller answers with an error page).
	 */
	public static function comment_approved( string $status, string $rejected_action = self::REJECT_TRASH ): int|string {
		return match ( $status ) {
			'approved' => 1,
			'spam'     => 'spam',
			'rejected' => self::REJECT_REFUSE === $rejected_action ? self::REJECT_REFUSE : 'trash',
			default    => 0, // pending, or a status this version does not know: an editor decides.
		};
	}

	/**
	 * Combine WordPress's own verdict (disallowed words, "hold every comment") with the service's.
	 *
	 * WordPress's spam and trash (its disallowed-words list) stand; so does a hold when the site holds every
	 * comment for approval. Otherwise the service decides: it applies WordPress's other rules itself.
	 *
	 * @param int|string $wordpress  The value WordPress computed (1, 0, 'spam' or 'trash').
	 * @param int|string $service    The value from comment_approved().
	 * @param bool       $hold_all   Whether the site's "Comment must be manually approved" option is on.
	 * @return int|string
	 */
	public static function combine( int|string $wordpress, int|string $service, bool $hold_all ): int|string {
		if ( 'spam' === $wordpress || 'trash' === $wordpress ) {
			return $wordpress;
		}
		if ( $hold_all && 1 === $service ) {
			return 0;
		}
		return $service;
	}

	/**
	 * Classify an HTTP exchange with the service.
	 *
	 * @param int|null $code HTTP status, or null when no answer came (refused connection, timeout, DNS, TLS).
	 * @return string self::SCORED, self::UNAVAILABLE or self::REFUSED.
	 */
	public static function classify( ?int $code ): string {
		if ( null === $code || 408 === $code || 429 === $code || $code >= 500 ) {
			return self::UNAVAILABLE;
		}
		if ( $code >= 200 && $code < 300 ) {
			return self::SCORED;
		}
		return self::REFUSED;
	}

	/**
	 * The status to give a comment the service scored, from an exchange that went wrong or right.
	 *
	 * Fail open, never lose a comment: whatever the failure, the comment is kept and held (0).
	 *
	 * @param string      $outcome         self::SCORED, self::UNAVAILABLE or self::REFUSED.
	 * @param string|null $status          The service's status when scored.
	 * @param string      $rejected_action What "rejected" does.
	 * @return int|string
	 */
	public static function for_outcome( string $outcome, ?string $status, string $rejected_action ): int|string {
		if ( self::SCORED !== $outcome || null === $status ) {
			return 0;
		}
		return self::comment_approved( $status, $rejected_action );
	}

	/**
	 * The wp_set_comment_status() action for a status decided later in the service (webhook or polling).
	 *
	 * @param string $status approved, pending, spam or rejected.
	 * @return string|null approve, hold, spam or trash; null for an unknown status.
	 */
	public static function status_action( string $status ): ?string {
		return match ( $status ) {
			'approved' => 'approve',
			'pending'  => 'hold',
			'spam'     => 'spam',
			'rejected' => 'trash',
			default    => null,
		};
	}

	/**
	 * Whether a comment's current WordPress status already matches a service status.
	 *
	 * @param string $wp_status wp_get_comment_status(): approved, unapproved, spam or trash.
	 * @param string $status    The service's status.
	 */
	public static function matches( string $wp_status, string $status ): bool {
		$expected = array(
			'approved' => 'approved',
			'pending'  => 'unapproved',
			'spam'     => 'spam',
			'rejected' => 'trash',
		);
		return isset( $expected[ $status ] ) && $expected[ $status ] === $wp_status;
	}

	/**
	 * The feedback label for an editor's change of a comment's status in wp-admin.
	 *
	 * Spam is spam; taking a comment out of spam is ham; approving a held comment says it is acceptable.
	 * *Trash* says nothing about the text (an editor tidies a thread, removes an off-topic or a duplicate
	 * comment): no label, except "removed" for a comment the service still holds, which takes it out of the
	 * service's review queue without labelling it. An editor who means abuse says so (the *Abusive* row
	 * action sends "toxic").
	 *
	 * @param string $new_status WordPress's new status: approved, unapproved, spam, trash (or delete).
	 * @param string $old_status WordPress's previous status.
	 * @param bool   $held       Whether the service still holds the comment for review (its status: pending).
	 * @return string|null spam, ham, ok or removed; null when the change says nothing.
	 */
	public static function feedback_label( string $new_status, string $old_status, bool $held = false ): ?string {
		if ( $new_status === $old_status ) {
			return null;
		}
		if ( 'spam' === $new_status ) {
			return 'spam';
		}
		if ( 'spam' === $old_status && in_array( $new_status, array( 'approved', 'unapproved' ), true ) ) {
			return 'ham';
		}
		if ( 'approved' === $new_status ) {
			return 'ok';
		}
		if ( 'trash' === $new_status ) {
			return $held ? 'removed' : null;
		}
		return null;
	}
}
