<?php
/**
 * Removes the plugin's options, scheduled events and comment meta when it is deleted.
 *
 * @package Moderation
 */

defined( 'WP_UNINSTALL_PLUGIN' ) || exit;

delete_option( 'moderation_settings' );
delete_option( 'moderation_last_check' );
wp_clear_scheduled_hook( 'moderation_sync' );
wp_clear_scheduled_hook( 'moderation_retry' );

global $wpdb;
// The plugin's own comment meta (service ids, scores, retry state): every key starts with "_moderation_".
$wpdb->query( $wpdb->prepare( "DELETE FROM {$wpdb->commentmeta} WHERE meta_key LIKE %s", $wpdb->esc_like( '_moderation_' ) . '%' ) ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
