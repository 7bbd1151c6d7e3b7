<?php
/**
 * The mapping from the service's answers to WordPress statuses, fail-open included.
 *
 * @package Moderation
 */

use PHPUnit\Framework\TestCase;

final class DecisionTest extends TestCase {

	/** @return array<string, array{string, string, int|string}> */
	public static function statuses(): array {
		return array(
			'approved is published'             => array( 'approved', 'trash', 1 ),
			'pending is held'                   => array( 'pending', 'trash', 0 ),
			'spam is spam'                      => array( 'spam', 'trash', 'spam' ),
			'rejected goes to the trash'        => array( 'rejected', 'trash', 'trash' ),
			'rejected is refused when set so'   => array( 'rejected', 'refuse', 'refuse' ),
			'spam is never refused'             => array( 'spam', 'refuse', 'spam' ),
			'an unknown status is held'         => array( 'quarantined', 'trash', 0 ),
		);
	}

	/** @dataProvider statuses */
	public function test_each_service_status_maps_to_a_wordpress_status( string $status, string $action, int|string $expected ): void {
		$this->assertSame( $expected, Moderation_Decision::comment_approved( $status, $action ) );
	}

	/** @return array<string, array{?int, string}> */
	public static function exchanges(): array {
		return array(
			'no answer (down, timeout)' => array( null, Moderation_Decision::UNAVAILABLE ),
			'429 too many requests'     => array( 429, Moderation_Decision::UNAVAILABLE ),
			'408 request timeout'       => array( 408, Moderation_Decision::UNAVAILABLE ),
			'500'                       => array( 500, Moderation_Decision::UNAVAILABLE ),
			'503 storage unavailable'   => array( 503, Moderation_Decision::UNAVAILABLE ),
			'201 created'               => array( 201, Moderation_Decision::SCORED ),
			'200 replayed'              => array( 200, Moderation_Decision::SCORED ),
			'422 refused fields'        => array( 422, Moderation_Decision::REFUSED ),
			'409 duplicate'             => array( 409, Moderation_Decision::REFUSED ),
			'404 wrong URL'             => array( 404, Moderation_Decision::REFUSED ),
			'302 redirect'              => array( 302, Moderation_Decision::REFUSED ),
		);
	}

	/** @dataProvider exchanges */
	public function test_exchanges_are_classified_for_retry( ?int $code, string $expected ): void {
		$this->assertSame( $expected, Moderation_Decision::classify( $code ) );
	}

	public function test_a_comment_the_service_could_not_score_is_kept_and_held(): void {
		foreach ( array( Moderation_Decision::UNAVAILABLE, Moderation_Decision::REFUSED ) as $outcome ) {
			$this->assertSame( 0, Moderation_Decision::for_outcome( $outcome, null, 'trash' ) );
			// Even a status in a failed exchange's body is not trusted.
			$this->assertSame( 0, Moderation_Decision::for_outcome( $outcome, 'approved', 'trash' ) );
			$this->assertSame( 0, Moderation_Decision::for_outcome( $outcome, 'rejected', 'refuse' ) );
		}
		$this->assertSame( 'spam', Moderation_Decision::for_outcome( Moderation_Decision::SCORED, 'spam', 'trash' ) );
		$this->assertSame( 0, Moderation_Decision::for_outcome( Moderation_Decision::SCORED, null, 'trash' ) );
	}

	public function test_wordpress_spam_and_trash_stand_and_hold_all_holds_approved_comments(): void {
		$this->assertSame( 'spam', Moderation_Decision::combine( 'spam', 1, false ) );
		$this->assertSame( 'trash', Moderation_Decision::combine( 'trash', 1, false ) );
		$this->assertSame( 1, Moderation_Decision::combine( 0, 1, false ) ); // WordPress's link/word holds: the service decides.
		$this->assertSame( 0, Moderation_Decision::combine( 1, 1, true ) );
		$this->assertSame( 'spam', Moderation_Decision::combine( 1, 'spam', true ) );
		$this->assertSame( 'trash', Moderation_Decision::combine( 1, 'trash', false ) );
	}

	public function test_later_decisions_map_to_wp_set_comment_status_actions(): void {
		$this->assertSame( 'approve', Moderation_Decision::status_action( 'approved' ) );
		$this->assertSame( 'hold', Moderation_Decision::status_action( 'pending' ) );
		$this->assertSame( 'spam', Moderation_Decision::status_action( 'spam' ) );
		$this->assertSame( 'trash', Moderation_Decision::status_action( 'rejected' ) );
		$this->assertNull( Moderation_Decision::status_action( 'deleted' ) );
		$this->assertTrue( Moderation_Decision::matches( 'unapproved', 'pending' ) );
		$this->assertTrue( Moderation_Decision::matches( 'trash', 'rejected' ) );
		$this->assertFalse( Moderation_Decision::matches( 'approved', 'spam' ) );
	}

	/** @return array<string, array{string, string, ?string}> */
	public static function transitions(): array {
		return array(
			'spam click'                    => array( 'spam', 'approved', 'spam' ),
			'spam click on a held comment'  => array( 'spam', 'unapproved', 'spam' ),
			'not spam, back to held'        => array( 'unapproved', 'spam', 'ham' ),
			'not spam, approved'            => array( 'approved', 'spam', 'ham' ),
			'approve a held comment'        => array( 'approved', 'unapproved', 'ok' ),
			'trash'                         => array( 'trash', 'approved', 'toxic' ),
			'unapprove says nothing'        => array( 'unapproved', 'approved', null ),
			'restore from trash to held'    => array( 'unapproved', 'trash', null ),
			'no change'                     => array( 'approved', 'approved', null ),
		);
	}

	/** @dataProvider transitions */
	public function test_editor_actions_become_feedback_labels( string $new, string $old, ?string $expected ): void {
		$this->assertSame( $expected, Moderation_Decision::feedback_label( $new, $old ) );
	}
}
