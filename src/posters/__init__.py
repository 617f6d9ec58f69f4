"""posters: co-branded, print-ready campaign assets from declarative layouts."""

__version__ = "0.1.0"
