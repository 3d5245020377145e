"""Walking and copying graphs (aesara.graph's names)."""
from ._kiln import ancestors, clone_replace, graph_inputs

__all__ = ["ancestors", "clone_replace", "graph_inputs"]
