<?php
/**
 * Editors' decisions in wp-admin go to the service: a comment it still holds is decided there as the editor
 * did (it leaves the service's review queue), and every decision is a label the next model learns from.
 *
 * @package Moderation
 */

defined( 'ABSPATH' ) || exit;

/**
 * Sends feedback when an editor approves, spams, unspams or trashes a comment the service scored.
 */
final class Modserv_Feedback {

	/** What the editor said with the action being applied (the *Abusive* row action says "toxic"). */
	private static ?string $said = null;

	/**
	 * Run a status change with the editor's own label (e.g. *Abusive*: trash, labelled toxic).
	 *
	 * @param string   $label  The label the editor gave.
	 * @param callable $change The status change.
	 * @return mixed What the change returned.
	 */
	public static function saying( string $label, callable $change ): mixed {
		self::$said = $label;
		try {
			return $change();
		} finally {
			self::$said = null;
		}
	}

	/** Hook into status changes. */
	public static function init(): void {
		add_action( 'transition_comment_status', array( self::class, 'on_transition' ), 10, 3 );
	}

	/**
	 * Send the label for an editor's change of status (not for the plugin's own changes).
	 *
	 * @param string     $new_status The new status.
	 * @param string     $old_status The previous status.
	 * @param WP_Comment $comment    The comment.
	 */
	public static function on_transition( string $new_status, string $old_status, WP_Comment $comment ): void {
		if ( Modserv_Outcomes::is_applying() || ! current_user_can( 'moderate_comments' ) ) {
			return;
		}
		$comment_id = (int) $comment->comment_ID;
		$service_id = (string) get_comment_meta( $comment_id, Modserv_Outcomes::META_ID, true );
		if ( '' === $service_id ) {
			return;
		}
		// The editor's decision is now the latest: an older decision arriving from the service will not undo it.
		update_comment_meta( $comment_id, Modserv_Outcomes::META_DECIDED, (string) microtime( true ) );
		$held  = 'pending' === (string) get_comment_meta( $comment_id, Modserv_Outcomes::META_STATUS, true );
		$label = self::$said ?? Modserv_Decision::feedback_label( $new_status, $old_status, $held );
		/**
		 * Filters the label sent for an editor's change of status (null sends nothing).
		 *
		 * @param string|null $label      spam, ham, ok, toxic or removed.
		 * @param string      $new_status The new status.
		 * @param string      $old_status The previous status.
		 * @param WP_Comment  $comment    The comment.
		 */
		$label = apply_filters( 'modserv_feedback_label', $label, $new_status, $old_status, $comment );
		if ( ! is_string( $label ) || '' === $label ) {
			return;
		}
		self::send( $comment_id, $service_id, $label, $old_status . ' -> ' . $new_status );
	}

	/**
	 * Send one label; keep it for the cron when the service is away.
	 *
	 * @param int    $comment_id The WordPress comment.
	 * @param string $service_id The service's id.
	 * @param string $label      The label.
	 * @param string $note       What the editor did.
	 */
	public static function send( int $comment_id, string $service_id, string $label, string $note ): void {
		$response = Modserv_Client::feedback( $service_id, $label, 'wp-admin: ' . $note );
		if ( Modserv_Decision::UNAVAILABLE === $response->outcome ) {
			update_comment_meta( $comment_id, Modserv_Outcomes::META_FEEDBACK, $label );
			Modserv_Cron::schedule_retry();
			return;
		}
		delete_comment_meta( $comment_id, Modserv_Outcomes::META_FEEDBACK );
		self::record_status( $comment_id, $response );
	}

	/**
	 * Keep the service's status from its answer: a held comment the editor decided is decided in the service
	 * too (its review queue lets it go), so the cron stops polling it.
	 *
	 * @param int                 $comment_id The WordPress comment.
	 * @param Modserv_Response $response   The service's answer to the feedback.
	 */
	public static function record_status( int $comment_id, Modserv_Response $response ): void {
		$status = $response->status();
		if ( $response->scored() && null !== $status ) {
			update_comment_meta( $comment_id, Modserv_Outcomes::META_STATUS, sanitize_key( $status ) );
		}
	}
}
