"""The import rule of the portal's apps, for ``lint-imports`` (not imported by the portal).

import-linter's layers contract checks that no app imports from a layer above
its own, but it can only check exhaustively (every package must be a layer)
inside one parent package. The portal's apps are top-level packages, so this
contract adds that check for them: every root package of the configuration must
be one of the layers. An app left out of the list (a new one, or a line
removed) breaks the contract instead of escaping it.
"""

from importlinter.contracts.layers import LayersContract


class EveryAppIsALayerContract(LayersContract):
    type_name = "layers_of_every_app"

    def _get_undeclared_modules(self, graph, containers: set[str]) -> set[str]:
        declared = {tail.name for tail in self.all_module_tails}
        roots = {module for module in graph.modules if "." not in module}
        return roots - declared
