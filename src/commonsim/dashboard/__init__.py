"""The interactive dashboard: a local web app (Solara) over the model.

Modules, one concept each: ``controls`` (institutional parameters grouped by characteristic,
read from the schema), ``adapter`` (the only calls into the model), ``figures`` (matplotlib
figures), ``transition`` (a schedule saved as a regime file), ``stored`` (reading the results
store), ``app`` / ``transition_view`` / ``stored_view`` (the page) and ``server`` / ``cli``
(``commonsim dashboard``).
"""
