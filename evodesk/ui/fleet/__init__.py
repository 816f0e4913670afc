"""Fleet-level views attached to the chips page: drop notices and the tray, drift, the audit trail and CSV exports,
batch onboarding.
"""
