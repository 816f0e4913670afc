"""What the operator does to chips: the actions and when they apply, the one confirmation, single-chip and bulk runs."""
