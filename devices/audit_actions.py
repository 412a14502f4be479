"""What the audit trail records about the device register.

Every event about one device names it as its target; the device's own history
(``DeviceEvent``) says the same in the words its page shows.
"""

from audit.actions import AuditActions, registered


@registered
class DeviceAction(AuditActions):
    ADDED = "device.added", "Device added to the register"
    UPDATED = "device.updated", "Device details changed"
    ISSUED = "device.issued", "Device issued"
    RETURNED = "device.returned", "Device returned"
    LOST = "device.lost", "Device reported lost or stolen"
    DISPOSED = "device.disposed", "Device disposed of"
    POOL_CREATED = "device.pool_created", "Device made a team's pool device"
    POOL_USER_ADDED = "device.pool_user_added", "Person named on a pool device"
    POOL_USER_REMOVED = "device.pool_user_removed", "Person no longer named on a pool device"
    IMPORTED = "device.imported", "Devices imported from a file"
    EXPORTED = "device.exported", "Device register exported (CSV)"
