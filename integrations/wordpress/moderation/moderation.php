<?php
/**
 * Plugin Name:       Moderation
 * Plugin URI:        https://github.com/moderation/moderation
 * Description:       Sends each new comment to your self-hosted moderation service, which publishes, holds, marks as spam or rejects it; moderators' decisions come back by signed webhook.
 * Version:           0.2.0
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

define( 'MODSERV_VERSION', '0.2.0' );
define( 'MODSERV_PLUGIN_FILE', __FILE__ );

require_once __DIR__ . '/includes/class-modserv-decision.php';
require_once __DIR__ . '/includes/class-modserv-signature.php';
require_once __DIR__ . '/includes/class-modserv-settings.php';
require_once __DIR__ . '/includes/class-modserv-response.php';
require_once __DIR__ . '/includes/class-modserv-client.php';
require_once __DIR__ . '/includes/class-modserv-outcomes.php';
require_once __DIR__ . '/includes/class-modserv-form.php';
require_once __DIR__ . '/includes/class-modserv-intake.php';
require_once __DIR__ . '/includes/class-modserv-feedback.php';
require_once __DIR__ . '/includes/class-modserv-cron.php';
require_once __DIR__ . '/includes/class-modserv-admin.php';
require_once __DIR__ . '/includes/class-modserv-plugin.php';

register_activation_hook( __FILE__, array( 'Modserv_Plugin', 'activate' ) );
register_deactivation_hook( __FILE__, array( 'Modserv_Plugin', 'deactivate' ) );

Modserv_Plugin::init();
