"""The chips page: the table model and its filter proxy, the table, the details panel and the banners."""
