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
final class Modserv_Response {

	/**
	 * Build a response.
	 *
	 * @param string                   $outcome Modserv_Decision::SCORED, UNAVAILABLE or REFUSED.
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
			return new self( Modserv_Decision::UNAVAILABLE, null, null, $raw->get_error_code() );
		}
		$code    = (int) wp_remote_retrieve_response_code( $raw );
		$decoded = json_decode( (string) wp_remote_retrieve_body( $raw ), true );
		$body    = is_array( $decoded ) ? $decoded : null;
		$outcome = Modserv_Decision::classify( $code );
		$error   = Modserv_Decision::SCORED === $outcome ? '' : 'HTTP ' . $code;
		if ( 204 === $code ) {
			return new self( $outcome, $code, array(), '' ); // DELETE: done, nothing to say.
		}
		if ( Modserv_Decision::SCORED === $outcome && null === $body ) {
			// A 2xx that is not our JSON (a proxy's page, a wrong URL): treat it as the service being away.
			return new self( Modserv_Decision::UNAVAILABLE, $code, null, 'unreadable answer' );
		}
		return new self( $outcome, $code, $body, $error );
	}

	/** Whether the service answered with a decision. */
	public function scored(): bool {
		return Modserv_Decision::SCORED === $this->outcome;
	}

	/** Whether the service refused a submission as a flood (the reader posting again too soon): never retried. */
	public function flood(): bool {
		$errors = (array) ( $this->body['errors'] ?? array() );
		return 429 === $this->code && isset( $errors[0]['code'] ) && 'flood' === $errors[0]['code'];
	}

	/** The service's status for the comment, when scored. */
	public function status(): ?string {
		return isset( $this->body['status'] ) && is_string( $this->body['status'] ) ? $this->body['status'] : null;
	}
}
