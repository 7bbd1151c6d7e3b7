<?php
/**
 * One exchange with the service, classified: scored, unavailable (retry later) or refused.
 *
 * @package Moderation
 */

defined( 'ABSPATH' ) || exit;

/**
 * What the service answered (or that it did not).
 */
final class Moderation_Response {

	/**
	 * Build a response.
	 *
	 * @param string                   $outcome Moderation_Decision::SCORED, UNAVAILABLE or REFUSED.
	 * @param int|null                 $code    HTTP status, null when no answer came.
	 * @param array<string, mixed>|null $body    The decoded JSON body, when there was one.
	 * @param string                   $error   A short description of the failure ('' on success).
	 */
	public function __construct(
		public readonly string $outcome,
		public readonly ?int $code,
		public readonly ?array $body,
		public readonly string $error = ''
	) {}

	/**
	 * Read what wp_remote_request() returned.
	 *
	 * @param array<string, mixed>|WP_Error $raw The HTTP API's result.
	 */
	public static function from_http( array|WP_Error $raw ): self {
		if ( is_wp_error( $raw ) ) {
			return new self( Moderation_Decision::UNAVAILABLE, null, null, $raw->get_error_code() );
		}
		$code    = (int) wp_remote_retrieve_response_code( $raw );
		$decoded = json_decode( (string) wp_remote_retrieve_body( $raw ), true );
		$body    = is_array( $decoded ) ? $decoded : null;
		$outcome = Moderation_Decision::classify( $code );
		$error   = Moderation_Decision::SCORED === $outcome ? '' : 'HTTP ' . $code;
		if ( Moderation_Decision::SCORED === $outcome && null === $body ) {
			// A 2xx that is not our JSON (a proxy's page, a wrong URL): treat it as the service being away.
			return new self( Moderation_Decision::UNAVAILABLE, $code, null, 'unreadable answer' );
		}
		return new self( $outcome, $code, $body, $error );
	}

	/** Whether the service answered with a decision. */
	public function scored(): bool {
		return Moderation_Decision::SCORED === $this->outcome;
	}

	/** The service's status for the comment, when scored. */
	public function status(): ?string {
		return isset( $this->body['status'] ) && is_string( $this->body['status'] ) ? $this->body['status'] : null;
	}
}
