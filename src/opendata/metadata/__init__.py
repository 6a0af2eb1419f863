"""Dataset metadata that portals and harvesters read (Mexico's Guía de Implementación de la
Política de Datos Abiertos, DCAT, Croissant): coverage taken from the data, periodicity and
contact point declared in the descriptor, the Libre Uso MX citation. Plain Python, no heavy
imports: the static site and the exporters use it alike."""
