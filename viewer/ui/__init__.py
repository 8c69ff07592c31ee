"""The Qt window. One widget per module; each takes its model in its constructor.

The two reader panes never call each other: both follow the shared
:class:`viewer.ui.comparison.Comparison` model, and the window wires actions to it.
"""
