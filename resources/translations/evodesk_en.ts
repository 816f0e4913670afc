<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About evodesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>evodesk {version}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Manages the WhatsApp numbers (chips) of an Evolution API server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server: {url}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not configured</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evolution API version: {version}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown (the server has not answered)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Database: {kind} — {url}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Database: not open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Qt {qt}, PySide6 {pyside}, Python {python}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>evodesk is MIT-licensed. It bundles these libraries, under their licences:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Licence</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ActionsController</name>
    <message>
        <source>Another action on several chips is still running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asking the server for a QR code for “{instance}”…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“{instance}” is already connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“{instance}” connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“{instance}” created</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>evodesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No Evolution API server is configured.

Set EVOLUTION_API_URL and EVOLUTION_API_KEY, or start evodesk with --api-url URL --api-key KEY. To try evodesk without a server, run: evodesk --demo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>evodesk: unexpected error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Something went wrong inside evodesk. Your chips are safe in the database.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The details below are also in the log file; include them when reporting the problem.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>evodesk cannot start: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AuditTableModel</name>
    <message>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Instance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status before</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status after</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AuditView</name>
    <message>
        <source>Audit trail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phone, instance or profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any operator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chip:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operator:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the events listed (current filter) as a CSV file for Excel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The audit trail cannot be read: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Showing the newest %n event(s); narrow the dates to see older ones.</source>
        <translation>
            <numerusform>Showing the newest %n event; narrow the dates to see older ones.</numerusform>
            <numerusform>Showing the newest %n events; narrow the dates to see older ones.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n event(s)</source>
        <translation>
            <numerusform>%n event</numerusform>
            <numerusform>%n events</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n event(s) saved to {path}</source>
        <translation>
            <numerusform>%n event saved to {path}</numerusform>
            <numerusform>%n events saved to {path}</numerusform>
        </translation>
    </message>
    <message>
        <source>Export the audit trail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving {path}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save {path}: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disconnected by an operator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reconnect (new QR code)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restarted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Updated from the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected (QR code scanned)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>QR code limit reached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Instance created again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adopted from the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Marked cancelled (instance gone)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Live state checked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection dropped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status set by an operator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WhatsApp account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>disconnected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connecting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phone (E.164)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Instance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status before</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status after</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BulkDialog</name>
    <message>
        <source>%v of %m</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop after the chip being worked on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n done</source>
        <translation>
            <numerusform>%n done</numerusform>
            <numerusform>%n done</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n failed</numerusform>
            <numerusform>%n failed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n done on the server but not recorded</source>
        <translation>
            <numerusform>%n done on the server but not recorded</numerusform>
            <numerusform>%n done on the server but not recorded</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n skipped</source>
        <translation>
            <numerusform>%n skipped</numerusform>
            <numerusform>%n skipped</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n not done (cancelled)</source>
        <translation>
            <numerusform>%n not done (cancelled)</numerusform>
            <numerusform>%n not done (cancelled)</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancelled. The chips below say what was done.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finished with problems: see the chips marked below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finished: every chip done.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disconnect chips</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disconnecting {index} of {total}: “{instance}”…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disconnected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restart chips</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restarting {index} of {total}: “{instance}”…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restarted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete chips</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleting {index} of {total}: “{instance}”…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skipped: no longer applies to this chip&apos;s state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not done: cancelled before this chip</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BulkResultModel</name>
    <message>
        <source>Phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Instance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChipActions</name>
    <message>
        <source>Delete chip</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete {phone} (instance “{instance}”)?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The instance is removed from the Evolution server and the chip is marked cancelled. Its history stays in the database. This cannot be undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disconnect chip</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disconnect WhatsApp from {phone} (instance “{instance}”)?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The instance stays on the server and the chip goes back to pending. Connecting it again needs a new QR code scan.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disconnect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete chips</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Delete these %n chip(s)?</source>
        <translation>
            <numerusform>Delete %n chip?</numerusform>
            <numerusform>Delete these %n chips?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete %n chip(s)</source>
        <translation>
            <numerusform>Delete %n chip</numerusform>
            <numerusform>Delete %n chips</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Disconnect these %n chip(s)?</source>
        <translation>
            <numerusform>Disconnect %n chip?</numerusform>
            <numerusform>Disconnect these %n chips?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Disconnect %n chip(s)</source>
        <translation>
            <numerusform>Disconnect %n chip</numerusform>
            <numerusform>Disconnect %n chips</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Restart these %n chip(s)?</source>
        <translation>
            <numerusform>Restart %n chip?</numerusform>
            <numerusform>Restart these %n chips?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Restart %n chip(s)</source>
        <translation>
            <numerusform>Restart %n chip</numerusform>
            <numerusform>Restart %n chips</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation>
            <numerusform>… and %n more</numerusform>
            <numerusform>… and %n more</numerusform>
        </translation>
    </message>
    <message>
        <source>The instances are removed from the Evolution server and the chips are marked cancelled. Their history stays in the database. This cannot be undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disconnect chips</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WhatsApp is logged out on each; the instances stay on the server and the chips go back to pending. Connecting them again needs a new QR code scan.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restart chips</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each WhatsApp session is closed and opened again; messages pause for a few seconds.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“{instance}” disconnected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“{instance}” deleted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“{instance}” restarted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disconnect failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restart failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reconnect failed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChipSettings</name>
    <message>
        <source>An enabled proxy needs a host.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The proxy host must be a host name or an IP address only (no “http://”, no path).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The proxy port must be a number from 1 to 65535.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An enabled proxy needs a port.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the proxy protocol from the list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The proxy user is too long or has control characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The proxy password is too long or has control characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The profile name cannot be empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The profile name may have at most 25 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The profile status may have at most 139 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The call rejection message may have at most 1000 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server refused the proxy {host}:{port}. The Evolution server tests every proxy itself: it fetches a public address once directly and once through the proxy. A server without direct internet access, or one that cannot reach this proxy, refuses every proxy this way, even one that works from your computer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The profile can only be changed while the chip is connected. Nothing was changed on this chip.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only a connected instance can be restarted; it takes the new settings when it next connects.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This chip was deleted; it can no longer be changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“Always online” is read when the connection opens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“Sync full history” is read when the connection opens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the proxy is used only by a new connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Restart %n connected chip(s) now to use the new settings?</source>
        <translation>
            <numerusform>Restart %n connected chip now to use the new settings?</numerusform>
            <numerusform>Restart %n connected chips now to use the new settings?</numerusform>
        </translation>
    </message>
    <message>
        <source>The changes are saved, but a connected chip uses them only after a restart:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A restart closes and reopens the WhatsApp session; messages pause for a few seconds.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restarted</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Saved (%n change(s))</source>
        <translation>
            <numerusform>Saved (%n change)</numerusform>
            <numerusform>Saved (%n changes)</numerusform>
        </translation>
    </message>
    <message>
        <source>restart needed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Already set: nothing sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not started (cancelled)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n saved</source>
        <translation>
            <numerusform>%n saved</numerusform>
            <numerusform>%n saved</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n already set</source>
        <translation>
            <numerusform>%n already set</numerusform>
            <numerusform>%n already set</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n failed</numerusform>
            <numerusform>%n failed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n not started</source>
        <translation>
            <numerusform>%n not started</numerusform>
            <numerusform>%n not started</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ChipSettingsDialog</name>
    <message numerus="yes">
        <source>Settings of %n chip(s)</source>
        <translation>
            <numerusform>Settings of %n chip</numerusform>
            <numerusform>Settings of %n chips</numerusform>
        </translation>
    </message>
    <message>
        <source>Chip settings: {instance}</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The changes apply to each of the %n selected chip(s); what you leave alone stays as it is.</source>
        <translation>
            <numerusform>The changes apply to each of the %n selected chip; what you leave alone stays as it is.</numerusform>
            <numerusform>The changes apply to each of the %n selected chips; what you leave alone stays as it is.</numerusform>
        </translation>
    </message>
    <message>
        <source>Retry failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restart now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Instance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the chip&apos;s current settings from the server…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The current settings could not be read: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server already had these values: nothing was sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Apply these changes to %n chip(s)?</source>
        <translation>
            <numerusform>Apply these changes to %n chip?</numerusform>
            <numerusform>Apply these changes to %n chips?</numerusform>
        </translation>
    </message>
    <message>
        <source>Fields you left alone keep each chip&apos;s own value.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Apply to %n chip(s)</source>
        <translation>
            <numerusform>Apply to %n chip</numerusform>
            <numerusform>Apply to %n chips</numerusform>
        </translation>
    </message>
    <message>
        <source>Restart needed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Later</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restarting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Applying…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopping after the chips already under way…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finished with problems: see each chip&apos;s line.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n chip(s) could not be restarted.</source>
        <translation>
            <numerusform>%n chip could not be restarted.</numerusform>
            <numerusform>%n chips could not be restarted.</numerusform>
        </translation>
    </message>
    <message>
        <source>Restarted.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChipSettingsForm</name>
    <message>
        <source>(keep each chip&apos;s own)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Behaviour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A connected chip takes this after a restart.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reject calls</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message sent to whoever calls (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ignore group messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Always online</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark messages as read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark status updates as seen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync full history on connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A partly checked box keeps each chip&apos;s own value.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use a proxy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>proxy.example.com or 203.0.113.7</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show what you typed (the saved password is never shown)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the saved password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Protocol:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Evolution server tests the proxy from itself before it accepts it: a server without direct internet access refuses every proxy.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(unchanged)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only a connected chip&apos;s profile can be changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(each chip keeps its own name)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A status typed here goes to every selected chip that is connected; the others fail.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved (hidden): type to replace it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChipsPage</name>
    <message>
        <source>Search phone, instance or profile (Ctrl+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search chips</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show only chips in one state (deleted chips only with Cancelled)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All chips</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Needs attention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warming</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled (deleted)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chips</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The chips database could not be opened.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening the chips database…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No chips yet.
Press New instance (Ctrl+N) to add the first one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No chip matches “{text}”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No chip in this category.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n connected</source>
        <translation>
            <numerusform>%n connected</numerusform>
            <numerusform>%n connected</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n need(s) attention</source>
        <translation>
            <numerusform>%n needs attention</numerusform>
            <numerusform>%n need attention</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n pending</source>
        <translation>
            <numerusform>%n pending</numerusform>
            <numerusform>%n pending</numerusform>
        </translation>
    </message>
    <message>
        <source>{total} chips: {connected} connected, {attention} need attention, {pending} pending, {warming} warming, {active} active, {cancelled} deleted (hidden unless filtered)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChipsTableModel</name>
    <message>
        <source>Phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Instance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Profile name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Since</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Business status: pending → warming (after the first connection) → active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Live WhatsApp connection as the server last reported it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected since, disconnected at, or deleted at</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When this chip last changed in the database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Working…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted at {when}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected since {when}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disconnected at {when}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warming</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pending: not connected yet, or disconnected by an operator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warming: connected; the warm-up process will make it active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Active: warmed up and in use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled: the instance was deleted; the chip is kept for history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not linked yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not linked yet: the server offers QR codes until one is scanned or its limit is reached — use Reconnect to show the QR code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>QR limit reached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disconnected: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disconnected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Working on this chip — wait for the action to finish</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted — kept for history; no action is possible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected — use Disconnect to log WhatsApp out, or Restart if messages stall</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server stopped offering QR codes — use Reconnect to start again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disconnected — use Reconnect to show a new QR code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server has not reported this instance&apos;s state — press Refresh (F5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CreateInstanceDialog</name>
    <message>
        <source>New instance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. 11 99999-8888 or +55 11 99999-8888</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Number as it will be registered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional. Letters, digits, &apos;.&apos;, &apos;_&apos; and &apos;-&apos;; empty uses the name shown.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Creating instance… the server may take a few seconds.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Phone number:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Instance name:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DetailsPanel</name>
    <message>
        <source>Instance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Since</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tip: select several rows to disconnect, restart or delete them together. Enter or a double-click shows the QR code of a disconnected chip.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No chip selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a chip in the list to see its details and actions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n chip(s) selected</source>
        <translation>
            <numerusform>%n chip selected</numerusform>
            <numerusform>%n chips selected</numerusform>
        </translation>
    </message>
    <message>
        <source>Actions apply to every selected chip they fit; the others are skipped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Working…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted at:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected since:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disconnected at:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DriftView</name>
    <message>
        <source>Drift between the server and the database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Instance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adopt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record a chip for each selected instance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On the server but not in the database: created elsewhere, or by a create that was interrupted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last known state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep the selected chips for history, as deleted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In the database but gone from the server: deleted in the Evolution Manager or by another tool.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server says</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record the state the server reports now for the selected chips</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reconnect…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record the real state, then show a new QR code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask the server about the connected chips visible in the main list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Listed as connected, but the live connection says otherwise. Checked for the chips visible in the main list (scroll or filter it to check others).</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Checking %n connected chip(s) in view…</source>
        <translation>
            <numerusform>Checking %n connected chip in view…</numerusform>
            <numerusform>Checking %n connected chips in view…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation>
            <numerusform>… and %n more</numerusform>
            <numerusform>… and %n more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Mark %n chip(s) without instance as cancelled?</source>
        <translation>
            <numerusform>Mark %n chip without instance as cancelled?</numerusform>
            <numerusform>Mark %n chips without instance as cancelled?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Checked %n connected chip(s) in view: {ghosts} not really connected.</source>
        <translation>
            <numerusform>Checked %n connected chip in view: {ghosts} not really connected.</numerusform>
            <numerusform>Checked %n connected chips in view: {ghosts} not really connected.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n could not be checked (server error).</source>
        <translation>
            <numerusform>%n could not be checked (server error).</numerusform>
            <numerusform>%n could not be checked (server error).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s) found.</source>
        <translation>
            <numerusform>%n problem found.</numerusform>
            <numerusform>%n problems found.</numerusform>
        </translation>
    </message>
    <message>
        <source>“{instance}” adopted as {phone}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“{instance}” could not be adopted: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phone of “{instance}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server does not say which phone number “{instance}” belongs to. Type it:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>They stay in the database for history, like deleted chips. Their numbers can be used again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“{instance}” marked cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“{instance}”: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“{instance}” is connected after all.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“{instance}” recorded as {state}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>instance gone from the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>waiting for a QR scan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>disconnected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refused (QR limit)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no live session (server restarted?)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last change {when}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown instances ({count})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chips without instance ({count})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ghost connected ({count})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server and the database agree.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last refresh {time}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DropNotice</name>
    <message>
        <source>Dismiss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reconnect…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show a new QR code for this chip</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show only the chips that need attention</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FleetFeatures</name>
    <message>
        <source>Drift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where the server and the database disagree: unknown instances, missing ones, ghost connections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audit trail…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who did what to which chip, and when</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add several numbers…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste a list of phone numbers: each is checked, created and linked in turn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export chips (CSV)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the chips listed (current search and filter) as a CSV file for Excel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>F&amp;leet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drift ({count})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the chips list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving {path}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n chip(s) saved to {path}</source>
        <translation>
            <numerusform>%n chip saved to {path}</numerusform>
            <numerusform>%n chips saved to {path}</numerusform>
        </translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{path}: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FleetTray</name>
    <message>
        <source>“{name}” disconnected</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n chip(s) disconnected</source>
        <translation>
            <numerusform>%n chip disconnected</numerusform>
            <numerusform>%n chips disconnected</numerusform>
        </translation>
    </message>
    <message>
        <source>{phone} · {instance}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click here to reconnect.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation>
            <numerusform>… and %n more</numerusform>
            <numerusform>… and %n more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n connected</source>
        <translation>
            <numerusform>%n connected</numerusform>
            <numerusform>%n connected</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n need(s) attention</source>
        <translation>
            <numerusform>%n needs attention</numerusform>
            <numerusform>%n need attention</numerusform>
        </translation>
    </message>
    <message>
        <source>Click here to see them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>evodesk — {summary}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HelpMenu</name>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About evodesk</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LiveWiring</name>
    <message>
        <source>Live: every instance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Live</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Live: %n instance(s)</source>
        <translation>
            <numerusform>Live: %n instance</numerusform>
            <numerusform>Live: %n instances</numerusform>
        </translation>
    </message>
    <message>
        <source>The server sends QR codes and connection changes as they happen. The chips are still refreshed from the server as usual.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n instance(s) not heard yet: the server opens an instance&apos;s channel with its first event.</source>
        <translation>
            <numerusform>%n instance not heard yet: the server opens an instance&apos;s channel with its first event.</numerusform>
            <numerusform>%n instances not heard yet: the server opens an instance&apos;s channel with its first event.</numerusform>
        </translation>
    </message>
    <message>
        <source>Live: connecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting to the server&apos;s events; until then evodesk asks the server at regular intervals.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not live: evodesk asks the server for changes at regular intervals.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Next attempt in %n second(s).</source>
        <translation>
            <numerusform>Next attempt in %n second.</numerusform>
            <numerusform>Next attempt in %n seconds.</numerusform>
        </translation>
    </message>
    <message>
        <source>Details: {detail}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Polling: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>live events turned off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Live events are turned off in the settings or with --no-live.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server sends no events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server&apos;s Socket.IO events are turned off (WEBSOCKET_ENABLED). evodesk checks again every minute.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>events refused the API key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server refused the API key for its events. Check the key in the settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>events unreachable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server&apos;s events cannot be reached. evodesk keeps trying.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>certificate not trusted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server&apos;s certificate was not accepted for its events. Check the certificate settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no events at this address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server did not answer as an Evolution API event server (Socket.IO).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reconnecting to events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection to the server&apos;s events was lost. evodesk is reconnecting.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“{instance}” was created on the server outside evodesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“{instance}” was deleted on the server outside evodesk</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>evodesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>evodesk — Demo (built-in simulator)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening evodesk…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>Type the phone number with its area code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That is too long to be a phone number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A phone number may contain only digits, spaces, &apos;+&apos;, &apos;-&apos; and parentheses.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is not a valid phone number. Include the area code, e.g. 11 99999-8888.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The instance name is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The instance name may have at most 64 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The instance name must start with a letter or digit and use only letters, digits, &apos;.&apos;, &apos;_&apos; and &apos;-&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The instance name must not contain &apos;-cwId-&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This chip was deleted; it can no longer be changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only a connected instance can be restarted. Use Reconnect to get a new QR code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The phone {phone} already has a chip.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The instance name “{name}” is already in use.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database could not record “{name}”, so the instance was removed again. Try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database could not record “{name}” and the instance could not be removed. It will show up as an unknown instance after the next refresh.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disconnected on the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restarted on the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted on the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done on the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{done}, but the database could not record it; the list catches up at the next refresh. ({reason})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This looks like a mobile number without the 9 every Brazilian mobile now starts with. Did you mean {suggestion}?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server already has an instance with this name (it may still be being deleted). Wait a moment or choose another name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Someone else changed this chip a moment ago. The list was refreshed; check it and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This chip no longer exists in the database.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another chip already uses this phone or instance name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database is unavailable: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Database error: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The API key contains spaces or characters an API key cannot have. Copy it again from the server&apos;s settings and enter it in Settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server refused the API key (401). Check the key in Settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server already has an instance with this name. Choose another name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The instance does not exist on the server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The instance is not connected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server is too slow: it did not finish answering within {seconds} s. evodesk will try again shortly.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server sent an answer larger than evodesk reads ({size} MB); nothing of it was used. Check that the server URL points to the Evolution API.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server is not answering; evodesk will try again shortly.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing answers at the server address (connection refused). Check the URL and its port.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server&apos;s certificate could not be verified. Check the URL, or configure the certificate authority the server uses.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server&apos;s host name could not be found. Check the spelling of the URL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>evodesk could not connect to the server. Check the URL and this computer&apos;s network.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection to the server was cut before it answered. evodesk will try again shortly.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server&apos;s answer could not be read. Check that the URL points to the Evolution API.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Evolution API server is not activated (licence required). Ask its administrator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server failed (HTTP {status}). Try again shortly.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server is unavailable: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server refused the request: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invalid setting: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unexpected error: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type the server URL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server URL must not contain spaces.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“{value}” is not a valid address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server URL must start with http:// or https://.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server URL has no host name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server URL must not contain a user name or password; type the key in the API key field.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server URL must not contain “?” or “#”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server URL has an invalid port.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The settings file {value} cannot be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name}: expected true or false, got “{value}”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name}: expected a number of seconds, got “{value}”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name}: must be greater than zero, got “{value}”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The language “{value}” is not supported; choose pt_BR or en.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server has not produced a QR code for {seconds} seconds. It may be unable to reach WhatsApp: check the server&apos;s version and its WhatsApp Web version setting.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server stopped offering QR codes (limit reached). Press Retry to start again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server closed this connection attempt. Press Retry to get a new QR code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server does not have this instance loaded (it may have restarted). Press Retry.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OnboardModel</name>
    <message>
        <source>Phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Instance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Creating…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Showing the QR code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OnboardingDialog</name>
    <message>
        <source>Add several numbers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste the phone numbers, one per line (or separated by “;”, “,” or spaces), with the area code. Every number is checked before anything is created; then each one gets its QR code in turn.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check and start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skip</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leave this number for later and go on with the next one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try the selected number again (skipped or failed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The list is empty: paste at least one phone number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was created yet: fix these lines and check again, or leave them out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Leave them out and go on with %n number(s)</source>
        <translation>
            <numerusform>Leave them out and go on with %n number</numerusform>
            <numerusform>Leave them out and go on with %n numbers</numerusform>
        </translation>
    </message>
    <message>
        <source>The list could not be checked: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Number {index} of {total}: {phone}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Number {index} of {total}: {phone} — scan the QR code in its window, or press Skip.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Link WhatsApp — number {index} of {total}: {phone} ({instance})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>QR code closed before the phone was linked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{connected} connected · {skipped} skipped · {failed} failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>repeated (already on line {line})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>already has a chip (“{instance}”)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the instance name “{instance}” is already in use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Line {line}: “{text}” — {why}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PairingPage</name>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Link with the phone number instead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open WhatsApp on the phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tap ⋮ (Android) or Settings (iPhone)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tap Linked devices → Link a device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tap “Link with phone number instead” and type this code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Instead of scanning, the phone can type an 8-character pairing code. The server issues one for the number below, but only when a connection attempt starts from a closed state (for example after the QR limit was reached); while a QR code is being offered it ignores the request.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phone number with area code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Get pairing code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phone number:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QrCodeDialog</name>
    <message>
        <source>Link WhatsApp — {phone} ({instance})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fetching the QR code…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>QR code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pairing code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh QR code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask the server for the current QR code now (F5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start a new connection attempt on the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Simulate scan (demo)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo mode: pretend a phone scanned this QR code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How to link this number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open WhatsApp on the phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tap ⋮ (Android) or Settings (iPhone)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tap Linked devices → Link a device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Point the phone at this QR code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This window waits for the scan for {seconds} s more, then until the code shown runs out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last code: this window stops waiting when it runs out. Refresh QR code (F5) gives more time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This window stops waiting now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requesting a QR code…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting a new attempt…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asking the server for a pairing code…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requesting a pairing code…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The simulator could not scan: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server sent a QR code that cannot be shown.
Waiting for the next one…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan the QR code or type the pairing code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan the QR code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This attempt uses a pairing code: see the Pairing code tab.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phone {phone} · instance {instance}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type the pairing code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for a QR code that can be shown…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for QR…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This QR code has expired.
Press “Refresh QR code” (F5) to get a new one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>QR limit reached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection attempt closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No QR code.
Press Retry to start a new attempt.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server gave no reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for the server&apos;s QR code…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No QR code while the server cannot be reached.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>evodesk keeps trying every {seconds} s. Press Retry to start a new attempt now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server answered with a QR code but no pairing code: this attempt was already running, so it ignored the number. Scan the QR code, or ask again once the attempt has ended.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✔ Connected
{name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for {seconds} s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expires in {seconds} s (refreshes automatically)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fetching the next code…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replaced within {seconds} s at most (already on the server when this window opened: its age is unknown)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expires in {seconds} s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attempt {n} of {limit}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QrCodeWidget</name>
    <message>
        <source>QR code to scan with WhatsApp</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Reasons</name>
    <message>
        <source>logged out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>logged out on the phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Someone removed this device under Linked devices on the phone. Reconnect and scan a new QR code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>account issue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>account problem reported by WhatsApp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open WhatsApp on the phone and check the account before reconnecting.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>blocked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>forbidden by WhatsApp: the number may be banned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the number in WhatsApp on the phone; reconnecting will not help while it is blocked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not allowed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>number not allowed by WhatsApp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the number in WhatsApp on the phone before reconnecting.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>timed out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>QR codes ran out or the connection timed out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reconnect to show a new QR code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>device mismatch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>multi-device mismatch: server or network restart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>replaced by another session: WhatsApp opened elsewhere</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>session data damaged: server or network restart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WhatsApp unavailable: server or network restart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>restart required: server or network restart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reconnect; if it keeps happening, update WhatsApp on the phone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connection refused: QR code limit reached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nobody scanned in time. Reconnect when the phone is at hand.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>replaced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This number was linked somewhere else (another WhatsApp Web or server). Reconnect to take it back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bad session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reconnect and scan a new QR code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>service unavailable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usually temporary: reconnect, or wait for the next refresh.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>restart needed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>code {code}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown reason (code {code})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{reason} (code {code})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server closed the session without saying why</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Server settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This address uses plain http:// to another machine: the API key would travel unencrypted. Use https:// unless the network between you and the server is trusted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server&apos;s global API key (AUTHENTICATION_API_KEY)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show or hide the API key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the API key to the clipboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The API key is kept in the system keyring, not in a file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No system keyring is available, so the API key is kept in the settings file {path}, readable only by your user account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Database: {url}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server &amp;URL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API &amp;key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>evodesk manages the instances of one Evolution API server. Ask its administrator for the server address and the global API key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{variable} is set in the environment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{flag} was given on the command line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note: {which}; that value wins over the one saved here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The address needs http:// or https:// at the start. Did you mean {url}?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use {url}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type the API key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The API key may contain only printable characters, no spaces.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API key copied to the clipboard.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Testing {url}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected: Evolution API {version}. The API key is accepted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The settings could not be saved to {path}: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the QR code of the selected disconnected chip</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move between the list, the details panel&apos;s buttons, search and filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shift+click, Ctrl+click</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select several chips for one action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What they do</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StatusActions</name>
    <message>
        <source>Business &amp;status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set the business status of the selected chip</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark “{instance}” ({phone}) as {status}?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change business status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It is {current} now. The change is recorded in the audit trail with your name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark as {status}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“{instance}” is now {status}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status not changed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StatusBanner</name>
    <message>
        <source>Retry now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trying again now…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>evodesk keeps trying automatically.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next attempt at {time} (in {seconds} s). The chips below are from the database.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WindowParts</name>
    <message>
        <source>New instance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create an instance for a phone number and show its QR code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask the server for the state of every chip now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search by phone, instance or profile name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disconnect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log WhatsApp out of the selected chips (the instance stays; reconnect with a new QR code)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reconnect…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show a new QR code for the selected chip (Enter or double-click on the row)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restart the WhatsApp session of the selected connected chips</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the instance on the server and mark the chip cancelled (kept for history)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chip settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Behaviour, proxy and profile of the selected chips (one or many at once)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server address, API key and database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close evodesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open log folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the folder with evodesk&apos;s log files (attach them when reporting a problem)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Chip</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recovered instances created before evodesk last stopped: {names}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>evodesk cannot open the chips database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The chips cannot be read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disconnected since the last refresh: {names}</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n instance(s) on the server are not in the database</source>
        <translation>
            <numerusform>%n instance on the server is not in the database</numerusform>
            <numerusform>%n instances on the server are not in the database</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n chip(s) have no instance on the server</source>
        <translation>
            <numerusform>%n chip has no instance on the server</numerusform>
            <numerusform>%n chips have no instance on the server</numerusform>
        </translation>
    </message>
    <message>
        <source>The Evolution API server is not answering properly</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Evolution API server cannot be reached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Evolution API server refused the API key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Evolution API server answered with an error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The chips database cannot be updated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The chips could not be refreshed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server: {host} (demo simulator)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server: {host}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not configured</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evolution API {version}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API version unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Database: {backend}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Database: opening…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refreshing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last sync {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not synced yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings saved; they apply when evodesk starts again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The log folder is {path}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
