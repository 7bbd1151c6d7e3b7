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
final class Modserv_Client {

	/**
	 * Submit a comment: POST /v1/comments with an Idempotency-Key, so a retry never stores it twice.
	 *
	 * With the site key, so the Idempotency-Key is the site's. A resend (the cron's retry after an outage, an
	 * edited comment) says so: the service then does not count it against the reader's flood limit.
	 *
	 * @param array<string, string> $payload         The comment's fields, named as the service expects.
	 * @param string                $idempotency_key A key unique to this comment.
	 * @param bool                  $resend          Whether the site sends again what a reader posted once.
	 */
	public static function submit( array $payload, string $idempotency_key, bool $resend = false ): Modserv_Response {
		$headers = array_merge( self::site_auth(), array( 'Idempotency-Key' => $idempotency_key ) );
		if ( $resend ) {
			$headers['X-Moderation-Resend'] = '1';
		}
		return self::request( 'POST', '/v1/comments', $payload, $headers );
	}

	/**
	 * Ask the service to forget a comment deleted for good: DELETE /v1/comments/{id} with the site key.
	 *
	 * @param string $service_id The service's comment id.
	 * @param string $email      The author's email, so the service also clears its duplicate check ('' if unknown).
	 */
	public static function forget( string $service_id, string $email = '' ): Modserv_Response {
		$body = '' === $email ? null : array( 'email' => $email );
		return self::request( 'DELETE', '/v1/comments/' . rawurlencode( $service_id ), $body, self::site_auth() );
	}

	/** Check the site key, and have the service send a signed test call to the webhook: POST /v1/site/ping. */
	public static function ping(): Modserv_Response {
		return self::request( 'POST', '/v1/site/ping', array(), self::site_auth() );
	}

	/**
	 * The site key header, when one is set.
	 *
	 * @return array<string, string>
	 */
	private static function site_auth(): array {
		$key = (string) Modserv_Settings::get( 'site_key' );
		return '' === $key ? array() : array( 'Authorization' => 'Bearer ' . $key );
	}

	/**
	 * A comment's current status: GET /v1/comments/{id}.
	 *
	 * @param string $service_id The service's comment id.
	 */
	public static function fetch( string $service_id ): Modserv_Response {
		return self::request( 'GET', '/v1/comments/' . rawurlencode( $service_id ), null, self::site_auth() );
	}

	/**
	 * An editor's verdict as a label for retraining: POST /v1/comments/{id}/feedback with the site key.
	 *
	 * @param string $service_id The service's comment id.
	 * @param string $label      spam, ham, ok or toxic.
	 * @param string $note       Free text for the people who retrain.
	 */
	public static function feedback( string $service_id, string $label, string $note = '' ): Modserv_Response {
		$headers = self::site_auth();
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

	/**
	 * One call to the service.
	 *
	 * @param string                    $method  GET, POST or DELETE.
	 * @param string                    $path    The path under the service URL.
	 * @param array<string, mixed>|null $json    The JSON body, for POST.
	 * @param array<string, string>     $headers Extra headers.
	 */
	private static function request( string $method, string $path, ?array $json = null, array $headers = array() ): Modserv_Response {
		if ( ! Modserv_Settings::configured() ) {
			return new Modserv_Response( Modserv_Decision::UNAVAILABLE, null, null, 'not configured' );
		}
		$args = array(
			'method'      => $method,
			'timeout'     => Modserv_Settings::timeout(),
			'redirection' => 0,
			'sslverify'   => true,
			'user-agent'  => 'WordPress/' . get_bloginfo( 'version' ) . '; moderation-plugin/' . MODSERV_VERSION,
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
		$args = apply_filters( 'modserv_http_args', $args, $path );
		return Modserv_Response::from_http( wp_remote_request( Modserv_Settings::service_url() . $path, $args ) );
	}
}
