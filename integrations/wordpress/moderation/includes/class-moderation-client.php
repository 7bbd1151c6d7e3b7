<?php
/**
 * The service's HTTP API, through WordPress's HTTP API (TLS certificates verified, no redirects followed).
 *
 * @package Moderation
 */

defined( 'ABSPATH' ) || exit;

/**
 * Calls the moderation service.
 */
final class Moderation_Client {

	/**
	 * Submit a comment: POST /v1/comments with an Idempotency-Key, so a retry never stores it twice.
	 *
	 * @param array<string, string> $payload         The comment's fields, named as the service expects.
	 * @param string                $idempotency_key A key unique to this comment.
	 */
	public static function submit( array $payload, string $idempotency_key ): Moderation_Response {
		return self::request( 'POST', '/v1/comments', $payload, array( 'Idempotency-Key' => $idempotency_key ) );
	}

	/**
	 * A comment's current status: GET /v1/comments/{id}.
	 *
	 * @param string $service_id The service's comment id.
	 */
	public static function fetch( string $service_id ): Moderation_Response {
		return self::request( 'GET', '/v1/comments/' . rawurlencode( $service_id ) );
	}

	/**
	 * An editor's verdict as a label for retraining: POST /v1/comments/{id}/feedback with the site key.
	 *
	 * @param string $service_id The service's comment id.
	 * @param string $label      spam, ham, ok or toxic.
	 * @param string $note       Free text for the people who retrain.
	 */
	public static function feedback( string $service_id, string $label, string $note = '' ): Moderation_Response {
		$headers = array( 'Authorization' => 'Bearer ' . (string) Moderation_Settings::get( 'site_key' ) );
		return self::request(
			'POST',
			'/v1/comments/' . rawurlencode( $service_id ) . '/feedback',
			array(
				'label' => $label,
				'note'  => $note,
			),
			$headers
		);
	}

	/** Whether the service is ready to score: GET /readyz. */
	public static function ready(): Moderation_Response {
		return self::request( 'GET', '/readyz' );
	}

	/**
	 * One call to the service.
	 *
	 * @param string                    $method  GET or POST.
	 * @param string                    $path    The path under the service URL.
	 * @param array<string, mixed>|null $json    The JSON body, for POST.
	 * @param array<string, string>     $headers Extra headers.
	 */
	private static function request( string $method, string $path, ?array $json = null, array $headers = array() ): Moderation_Response {
		if ( ! Moderation_Settings::configured() ) {
			return new Moderation_Response( Moderation_Decision::UNAVAILABLE, null, null, 'not configured' );
		}
		$args = array(
			'method'      => $method,
			'timeout'     => Moderation_Settings::timeout(),
			'redirection' => 0,
			'sslverify'   => true,
			'user-agent'  => 'WordPress/' . get_bloginfo( 'version' ) . '; moderation-plugin/' . MODERATION_VERSION,
			'headers'     => array_merge(
				array(
					'Accept'          => 'application/json',
					'Accept-Language' => substr( determine_locale(), 0, 2 ),
				),
				$headers
			),
		);
		if ( null !== $json ) {
			$args['headers']['Content-Type'] = 'application/json';
			$args['body']                    = wp_json_encode( $json );
		}
		/**
		 * Filters the arguments of a call to the moderation service (e.g. a proxy, a custom CA bundle).
		 *
		 * @param array  $args The wp_remote_request() arguments.
		 * @param string $path The path called.
		 */
		$args = apply_filters( 'moderation_http_args', $args, $path );
		return Moderation_Response::from_http( wp_remote_request( Moderation_Settings::service_url() . $path, $args ) );
	}
}
