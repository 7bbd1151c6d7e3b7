<?php
/**
 * Wiring: each part hooks itself in; activation schedules the cron and makes the secrets; upgrades migrate.
 *
 * @package Moderation
 */

defined( 'ABSPATH' ) || exit;

/**
 * The plugin's entry points.
 */
final class Modserv_Plugin {

	/** The version of the plugin's stored data (options, meta keys, events); upgrades migrate to it. */
	public const DB_VERSION = 2;

	public const DB_VERSION_OPTION = 'modserv_db_version';

	/** The prefix of versions 0.1 (it collided with WordPress core's `moderation_keys`, `moderation_notify`). */
	public const OLD_PREFIX = 'moderation_';

	/** Hook every part. */
	public static function init(): void {
		add_action( 'plugins_loaded', array( self::class, 'maybe_upgrade' ) );
		add_action( 'init', array( self::class, 'load_textdomain' ) );
		// After Akismet::init (on `init`, priority 10), so there are hooks to take off.
		add_action( 'init', array( self::class, 'silence_akismet' ), 20 );
		Modserv_Intake::init();
		Modserv_Form::init();
		Modserv_Outcomes::init();
		Modserv_Feedback::init();
		Modserv_Cron::init();
		if ( is_admin() ) {
			Modserv_Admin::init();
		}
	}

	/** French and English strings. */
	public static function load_textdomain(): void {
		load_plugin_textdomain( 'moderation', false, dirname( plugin_basename( MODSERV_PLUGIN_FILE ) ) . '/languages' );
	}

	/** Migrate, make a webhook secret if there is none, and schedule the cron. */
	public static function activate(): void {
		self::maybe_upgrade();
		$settings = Modserv_Settings::all();
		if ( '' === $settings['webhook_secret'] ) {
			$settings['webhook_secret'] = Modserv_Settings::generate_secret();
			update_option( Modserv_Settings::OPTION, $settings );
		}
		Modserv_Cron::ensure_scheduled();
	}

	/** Stop the cron (settings stay until the plugin is deleted). */
	public static function deactivate(): void {
		Modserv_Cron::unschedule();
	}

	/**
	 * Move version 0.1's options, comment meta and events to the plugin's own prefix (`modserv_`), once.
	 *
	 * Version 0.1 stored `moderation_settings`, `moderation_last_check`, comment meta `_moderation_*` and the
	 * events `moderation_sync` / `moderation_retry`. A site upgraded in place keeps its settings, its links
	 * to the service and its waiting retries.
	 */
	public static function maybe_upgrade(): void {
		if ( (int) get_option( self::DB_VERSION_OPTION, 0 ) >= self::DB_VERSION ) {
			return;
		}
		$old = get_option( self::OLD_PREFIX . 'settings', null );
		if ( is_array( $old ) && array_key_exists( 'service_url', $old ) ) {
			if ( false === get_option( Modserv_Settings::OPTION, false ) ) {
				update_option( Modserv_Settings::OPTION, $old );
			}
			delete_option( self::OLD_PREFIX . 'settings' );
		}
		delete_option( self::OLD_PREFIX . 'last_check' );
		global $wpdb;
		$old_meta = '_' . self::OLD_PREFIX;
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery -- one rename of the plugin's own meta keys, at upgrade.
		$renamed = $wpdb->query(
			$wpdb->prepare(
				"UPDATE {$wpdb->commentmeta} SET meta_key = CONCAT( %s, SUBSTRING( meta_key, %d ) ) WHERE meta_key LIKE %s",
				'_modserv_',
				strlen( $old_meta ) + 1,
				$wpdb->esc_like( $old_meta ) . '%'
			)
		);
		if ( $renamed ) {
			wp_cache_flush(); // Cached comment meta still has the old keys.
		}
		$had_retry = (bool) wp_next_scheduled( self::OLD_PREFIX . 'retry' );
		wp_clear_scheduled_hook( self::OLD_PREFIX . 'sync' );
		wp_clear_scheduled_hook( self::OLD_PREFIX . 'retry' );
		if ( Modserv_Settings::configured() ) {
			Modserv_Cron::ensure_scheduled();
			if ( $had_retry ) {
				Modserv_Cron::schedule_retry();
			}
		}
		update_option( self::DB_VERSION_OPTION, self::DB_VERSION );
	}

	/** Whether the stock Akismet plugin is active (its class is loaded). */
	public static function akismet_active(): bool {
		return class_exists( 'Akismet', false );
	}

	/**
	 * Beside Akismet, the moderation service decides, as Antispam Bee does beside other filters: Akismet's
	 * own check is taken off, so a comment is scored once, a held comment stays held for the desk (Akismet
	 * would file it in Spam), and a *Spam* click sends one label (ours), not a second one without an id.
	 * Nothing changes while this plugin is not connected (no service URL): Akismet then works as before.
	 */
	public static function silence_akismet(): void {
		if ( ! self::akismet_active() || ! Modserv_Settings::configured() ) {
			return;
		}
		remove_filter( 'preprocess_comment', array( 'Akismet', 'auto_check_comment' ), 1 );
		remove_filter( 'rest_pre_insert_comment', array( 'Akismet', 'rest_auto_check_comment' ), 1 );
		remove_action( 'wp_insert_comment', array( 'Akismet', 'auto_check_update_meta' ), 10 );
		remove_filter( 'pre_comment_approved', array( 'Akismet', 'last_comment_status' ), 10 );
		remove_action( 'transition_comment_status', array( 'Akismet', 'transition_comment_status' ), 10 );
		remove_action( 'xmlrpc_call', array( 'Akismet', 'pre_check_pingback' ) );
		remove_action( 'akismet_schedule_cron_recheck', array( 'Akismet', 'cron_recheck' ) );
		remove_action( 'comment_form', array( 'Akismet', 'add_comment_nonce' ), 1 );
		remove_action( 'comment_form', array( 'Akismet', 'output_custom_form_fields' ) );
	}
}
