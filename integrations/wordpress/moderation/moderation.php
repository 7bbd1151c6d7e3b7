<?php
/**
 * Plugin Name:       Moderation
 * Plugin URI:        https://github.com/moderation/moderation
 * Description:       Sends each new comment to your self-hosted moderation service, which publishes, holds, marks as spam or rejects it; moderators' decisions come back by signed webhook.
 * Version:           0.1.0
 * Requires at least: 6.1
 * Requires PHP:      8.1
 * Author:            The moderation project
 * License:           MIT
 * License URI:       https://opensource.org/licenses/MIT
 * Text Domain:       moderation
 * Domain Path:       /languages
 *
 * @package Moderation
 */

defined( 'ABSPATH' ) || exit;

define( 'MODERATION_VERSION', '0.1.0' );
define( 'MODERATION_PLUGIN_FILE', __FILE__ );

require_once __DIR__ . '/includes/class-moderation-decision.php';
require_once __DIR__ . '/includes/class-moderation-signature.php';
require_once __DIR__ . '/includes/class-moderation-settings.php';
require_once __DIR__ . '/includes/class-moderation-response.php';
require_once __DIR__ . '/includes/class-moderation-client.php';
require_once __DIR__ . '/includes/class-moderation-outcomes.php';
require_once __DIR__ . '/includes/class-moderation-intake.php';
require_once __DIR__ . '/includes/class-moderation-feedback.php';
require_once __DIR__ . '/includes/class-moderation-cron.php';
require_once __DIR__ . '/includes/class-moderation-admin.php';
require_once __DIR__ . '/includes/class-moderation-plugin.php';

register_activation_hook( __FILE__, array( 'Moderation_Plugin', 'activate' ) );
register_deactivation_hook( __FILE__, array( 'Moderation_Plugin', 'deactivate' ) );

Moderation_Plugin::init();
