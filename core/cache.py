"""Temporary: search/ still imports these from here while it is being rewritten on another branch.

Delete this module once search/ imports them from pagecache.fragments and pagecache.version.
"""

from pagecache.fragments import LocalValues, cached
from pagecache.version import content_version

__all__ = ["LocalValues", "cached", "content_version"]
