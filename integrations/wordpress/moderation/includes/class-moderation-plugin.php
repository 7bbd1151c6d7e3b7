<?php
/**
 * Wiring: each part hooks itself in; activation schedules the cron and makes a webhook secret.
 *
 * @package Moderation
 */

defined( 'ABSPATH' ) || exit;

/**
 * The plugin's entry points.
 */
final class Moderation_Plugin {

	/** Hook every part. */
	public static function init(): void {
		add_action( 'init', array( self::class, 'load_textdomain' ) );
		Moderation_Intake::init();
		Moderation_Outcomes::init();
		Moderation_Feedback::init();
		Moderation_Cron::init();
		if ( is_admin() ) {
			Moderation_Admin::init();
		}
	}

	/** French and English strings. */
	public static function load_textdomain(): void {
		load_plugin_textdomain( 'moderation', false, dirname( plugin_basename( MODERATION_PLUGIN_FILE ) ) . '/languages' );
	}

	/** Make a webhook secret if there is none, and schedule the cron. */
	public static function activate(): void {
		$settings = Moderation_Settings::all();
		if ( '' === $settings['webhook_secret'] ) {
			$settings['webhook_secret'] = Moderation_Settings::generate_secret();
			update_option( Moderation_Settings::OPTION, $settings );
		}
		Moderation_Cron::ensure_scheduled();
	}

	/** Stop the cron (settings stay until the plugin is deleted). */
	public static function deactivate(): void {
		Moderation_Cron::unschedule();
	}
}
