<?php
/**
 * The service's webhook signature: `sha256=` and the hex HMAC-SHA256 of "<timestamp>.<raw body>".
 *
 * Matches moderation/webhooks/outbox.py (`sign`, `verify`). The timestamp is signed, so refusing old ones
 * stops a recorded call from being replayed.
 *
 * @package Moderation
 */

defined( 'ABSPATH' ) || exit;

/**
 * Signs and verifies webhook calls.
 */
final class Modserv_Signature {

	/** Seconds a call may be late (or early, for clock drift) before it is refused. */
	public const TOLERANCE = 300;

	/**
	 * The X-Moderation-Signature value for a body sent at a timestamp.
	 *
	 * @param string $body      The raw request body.
	 * @param string $timestamp Unix seconds, as sent in X-Moderation-Timestamp.
	 * @param string $secret    The shared webhook secret.
	 */
	public static function sign( string $body, string $timestamp, string $secret ): string {
		return 'sha256=' . hash_hmac( 'sha256', $timestamp . '.' . $body, $secret );
	}

	/**
	 * Whether a call is from the service: a fresh timestamp and a matching signature (constant-time compare).
	 *
	 * @param string $body      The raw request body.
	 * @param string $signature The X-Moderation-Signature header.
	 * @param string $timestamp The X-Moderation-Timestamp header.
	 * @param string $secret    The shared webhook secret (an empty secret verifies nothing).
	 * @param int    $now       The current Unix time.
	 * @param int    $tolerance Seconds of allowed age or drift.
	 */
	public static function verify( string $body, string $signature, string $timestamp, string $secret, int $now, int $tolerance = self::TOLERANCE ): bool {
		if ( '' === $secret || '' === $signature || ! preg_match( '/^[0-9]{1,12}$/', $timestamp ) ) {
			return false;
		}
		if ( abs( $now - (int) $timestamp ) > $tolerance ) {
			return false;
		}
		return hash_equals( self::sign( $body, $timestamp, $secret ), $signature );
	}
}
