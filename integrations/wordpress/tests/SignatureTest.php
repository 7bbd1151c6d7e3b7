<?php
/**
 * The webhook signature: the service's format, constant-time check, old timestamps refused.
 *
 * @package Moderation
 */

use PHPUnit\Framework\TestCase;

final class SignatureTest extends TestCase {

	private const BODY   = '{"comment_id":"c1","status":"approved"}';
	private const SECRET = 'whsec-test';
	private const TS     = '1764500000';
	/** From moderation.webhooks.outbox.sign(BODY, SECRET, TS); tests/wordpress/test_plugin_units.py checks it. */
	private const PYTHON_SIGNATURE = 'sha256=c7b91acde2307b99e2b6e1aee2bb31f6591c56369728cc7f7b5989d880926890';

	public function test_signs_like_the_service(): void {
		$this->assertSame( self::PYTHON_SIGNATURE, Modserv_Signature::sign( self::BODY, self::TS, self::SECRET ) );
	}

	public function test_a_fresh_signed_call_is_accepted(): void {
		$this->assertTrue( Modserv_Signature::verify( self::BODY, self::PYTHON_SIGNATURE, self::TS, self::SECRET, (int) self::TS + 10 ) );
		$this->assertTrue( Modserv_Signature::verify( self::BODY, self::PYTHON_SIGNATURE, self::TS, self::SECRET, (int) self::TS - 10 ) );
	}

	public function test_old_or_future_timestamps_are_refused(): void {
		$this->assertFalse( Modserv_Signature::verify( self::BODY, self::PYTHON_SIGNATURE, self::TS, self::SECRET, (int) self::TS + 301 ) );
		$this->assertFalse( Modserv_Signature::verify( self::BODY, self::PYTHON_SIGNATURE, self::TS, self::SECRET, (int) self::TS - 301 ) );
	}

	public function test_a_changed_body_timestamp_or_secret_is_refused(): void {
		$now = (int) self::TS;
		$this->assertFalse( Modserv_Signature::verify( self::BODY . ' ', self::PYTHON_SIGNATURE, self::TS, self::SECRET, $now ) );
		$this->assertFalse( Modserv_Signature::verify( self::BODY, self::PYTHON_SIGNATURE, '1764500001', self::SECRET, $now ) );
		$this->assertFalse( Modserv_Signature::verify( self::BODY, self::PYTHON_SIGNATURE, self::TS, 'other', $now ) );
	}

	public function test_missing_or_malformed_parts_are_refused(): void {
		$now = (int) self::TS;
		$this->assertFalse( Modserv_Signature::verify( self::BODY, '', self::TS, self::SECRET, $now ) );
		$this->assertFalse( Modserv_Signature::verify( self::BODY, self::PYTHON_SIGNATURE, '', self::SECRET, $now ) );
		$this->assertFalse( Modserv_Signature::verify( self::BODY, self::PYTHON_SIGNATURE, '17645e5', self::SECRET, $now ) );
		// An empty secret must never verify, not even a signature made with it.
		$this->assertFalse( Modserv_Signature::verify( self::BODY, Modserv_Signature::sign( self::BODY, self::TS, '' ), self::TS, '', $now ) );
	}
}
