"""The bridge between Qt and the services: a task runner (QThreadPool + QRunnable) whose results and errors come back
as signals on the GUI thread.
"""
