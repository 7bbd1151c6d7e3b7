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
		$this->assertSame( $expected, Modserv_Decision::comment_approved( $status, $action ) );
	}

	/** @return array<string, array{?int, string}> */
	public static function exchanges(): array {
		return array(
			'no answer (down, timeout)' => array( null, Modserv_Decision::UNAVAILABLE ),
			'429 too many requests'     => array( 429, Modserv_Decision::UNAVAILABLE ),
			'408 request timeout'       => array( 408, Modserv_Decision::UNAVAILABLE ),
			'500'                       => array( 500, Modserv_Decision::UNAVAILABLE ),
			'503 storage unavailable'   => array( 503, Modserv_Decision::UNAVAILABLE ),
			'201 created'               => array( 201, Modserv_Decision::SCORED ),
			'200 replayed'              => array( 200, Modserv_Decision::SCORED ),
			'422 refused fields'        => array( 422, Modserv_Decision::REFUSED ),
			'409 duplicate'             => array( 409, Modserv_Decision::REFUSED ),
			'404 wrong URL'             => array( 404, Modserv_Decision::REFUSED ),
			'302 redirect'              => array( 302, Modserv_Decision::REFUSED ),
		);
	}

	/** @dataProvider exchanges */
	public function test_exchanges_are_classified_for_retry( ?int $code, string $expected ): void {
		$this->assertSame( $expected, Modserv_Decision::classify( $code ) );
	}

	public function test_a_comment_the_service_could_not_score_is_kept_and_held(): void {
		foreach ( array( Modserv_Decision::UNAVAILABLE, Modserv_Decision::REFUSED ) as $outcome ) {
			$this->assertSame( 0, Modserv_Decision::for_outcome( $outcome, null, 'trash' ) );
			// Even a status in a failed exchange's body is not trusted.
			$this->assertSame( 0, Modserv_Decision::for_outcome( $outcome, 'approved', 'trash' ) );
			$this->assertSame( 0, Modserv_Decision::for_outcome( $outcome, 'rejected', 'refuse' ) );
		}
		$this->assertSame( 'spam', Modserv_Decision::for_outcome( Modserv_Decision::SCORED, 'spam', 'trash' ) );
		$this->assertSame( 0, Modserv_Decision::for_outcome( Modserv_Decision::SCORED, null, 'trash' ) );
	}

	public function test_wordpress_spam_and_trash_stand_and_hold_all_holds_approved_comments(): void {
		$this->assertSame( 'spam', Modserv_Decision::combine( 'spam', 1, false ) );
		$this->assertSame( 'trash', Modserv_Decision::combine( 'trash', 1, false ) );
		$this->assertSame( 1, Modserv_Decision::combine( 0, 1, false ) ); // WordPress's link/word holds: the service decides.
		$this->assertSame( 0, Modserv_Decision::combine( 1, 1, true ) );
		$this->assertSame( 'spam', Modserv_Decision::combine( 1, 'spam', true ) );
		$this->assertSame( 'trash', Modserv_Decision::combine( 1, 'trash', false ) );
	}

	public function test_later_decisions_map_to_wp_set_comment_status_actions(): void {
		$this->assertSame( 'approve', Modserv_Decision::status_action( 'approved' ) );
		$this->assertSame( 'hold', Modserv_Decision::status_action( 'pending' ) );
		$this->assertSame( 'spam', Modserv_Decision::status_action( 'spam' ) );
		$this->assertSame( 'trash', Modserv_Decision::status_action( 'rejected' ) );
		$this->assertNull( Modserv_Decision::status_action( 'deleted' ) );
		$this->assertTrue( Modserv_Decision::matches( 'unapproved', 'pending' ) );
		$this->assertTrue( Modserv_Decision::matches( 'trash', 'rejected' ) );
		$this->assertFalse( Modserv_Decision::matches( 'approved', 'spam' ) );
	}

	/** @return array<string, array{string, string, bool, ?string}> */
	public static function transitions(): array {
		return array(
			'spam click'                            => array( 'spam', 'approved', false, 'spam' ),
			'spam click on a held comment'          => array( 'spam', 'unapproved', true, 'spam' ),
			'not spam, back to held'                => array( 'unapproved', 'spam', false, 'ham' ),
			'not spam, approved'                    => array( 'approved', 'spam', false, 'ham' ),
			'approve a held comment'                => array( 'approved', 'unapproved', true, 'ok' ),
			'trash says nothing about the text'     => array( 'trash', 'approved', false, null ),
			'trash of a held comment only removes'  => array( 'trash', 'unapproved', true, 'removed' ),
			'unapprove says nothing'                => array( 'unapproved', 'approved', false, null ),
			'restore from trash to held'            => array( 'unapproved', 'trash', false, null ),
			'no change'                             => array( 'approved', 'approved', false, null ),
		);
	}

	/** @dataProvider transitions */
	public function test_editor_actions_become_feedback_labels( string $new, string $old, bool $held, ?string $expected ): void {
		$this->assertSame( $expected, Modserv_Decision::feedback_label( $new, $old, $held ) );
	}
}
