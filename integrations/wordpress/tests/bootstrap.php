<?php
/**
 * PHPUnit bootstrap: the plugin's pure classes, which need no WordPress (the end-to-end tests run the rest).
 *
 * @package Moderation
 */

define( 'ABSPATH', __DIR__ . '/' );

require_once dirname( __DIR__ ) . '/moderation/includes/class-modserv-decision.php';
require_once dirname( __DIR__ ) . '/moderation/includes/class-modserv-signature.php';
