<?php
/**
 * Removes the plugin's options, scheduled events and comment meta when it is deleted.
 *
 * @package Moderation
 */

defined( 'WP_UNINSTALL_PLUGIN' ) || exit;

delete_option( 'modserv_settings' );
delete_option( 'modserv_last_check' );
delete_option( 'modserv_db_version' );
delete_option( 'modserv_forget_queue' );
wp_clear_scheduled_hook( 'modserv_sync' );
wp_clear_scheduled_hook( 'modserv_retry' );

global $wpdb;
// The plugin's own comment meta (service ids, scores, retry state): every key starts with "_modserv_".
$wpdb->query( $wpdb->prepare( "DELETE FROM {$wpdb->commentmeta} WHERE meta_key LIKE %s", $wpdb->esc_like( '_modserv_' ) . '%' ) ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
