"""Where each check comes from: the law's definition of each characteristic of open data and
the steps of the Guía. Every definition is quoted from the text named in `LAW`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    documento: str
    version: str
    ubicacion: str
    texto: str


LAW = "Ley General de Transparencia y Acceso a la Información Pública (LGTAIP)"
LAW_VERSION = (
    "texto publicado en el DOF el 4 de mayo de 2015, abrogado por la LGTAIP publicada en el "
    "DOF el 20 de marzo de 2025; la definición se cita del texto de 2015 y no se ha cotejado "
    "con el de 2025"
)
GUIDE = "Guía de Implementación de la Política de Datos Abiertos"
GUIDE_VERSION = (
    "Estrategia Digital Nacional, actualización de la versión publicada en el DOF el 18 de "
    "junio de 2015"
)

DEFINITIONS = {
    "accesibles": (
        "a",
        "Los datos están disponibles para la gama más amplia de usuarios, para cualquier propósito",
    ),
    "integrales": ("b", "Contienen el tema que describen a detalle y con los metadatos necesarios"),
    "gratuitos": ("c", "Se obtienen sin entregar a cambio contraprestación alguna"),
    "no discriminatorios": (
        "d",
        "Los datos están disponibles para cualquier persona, sin necesidad de registro",
    ),
    "oportunos": ("e", "Son actualizados, periódicamente, conforme se generen"),
    "permanentes": (
        "f",
        "Se conservan en el tiempo, para lo cual, las versiones históricas relevantes para uso "
        "público se mantendrán disponibles con identificadores adecuados al efecto",
    ),
    "primarios": (
        "g",
        "Provienen de la fuente de origen con el máximo nivel de desagregación posible",
    ),
    "legibles por máquinas": (
        "h",
        "Deberán estar estructurados, total o parcialmente, para ser procesados e interpretados "
        "por equipos electrónicos de manera automática",
    ),
    "en formatos abiertos": (
        "i",
        "Los datos estarán disponibles con el conjunto de características técnicas y de "
        "presentación que corresponden a la estructura lógica usada para almacenar datos en un "
        "archivo digital, cuyas especificaciones técnicas están disponibles públicamente, que no "
        "suponen una dificultad de acceso y que su aplicación y reproducción no estén "
        "condicionadas a contraprestación alguna",
    ),
    "de libre uso": (
        "j",
        "Citan la fuente de origen como único requerimiento para ser utilizados libremente",
    ),
}

GUIDE_STEPS = {
    "2.2": (
        "paso 2.2, «Incrementar la interoperabilidad y usabilidad de los Datos Abiertos»",
        "Catálogo Único de Claves de Áreas Geoestadísticas (Marco Geoestadístico) para "
        "referencias geográficas; ISO 8601 para fechas, horas y periodos; texto en UTF-8; "
        "eliminar cálculos adicionales en formatos tabulares (una celda «Total»); campos "
        "numéricos sin símbolos monetarios ni unidades, que van en el nombre de la columna o "
        "en una segunda columna",
    ),
    "2.3": (
        "paso 2.3, «Mejorar la disponibilidad y medios de distribución de los Datos Abiertos»",
        "Descarga directa en un URL único, con disponibilidad continua y sin barreras de "
        "acceso como contraseñas o interfaces de usuario",
    ),
    "2.4": (
        "paso 2.4, «Documentar y publicar el Catálogo Institucional de Datos Abiertos», "
        "Tabla 2 (metadatos solicitados)",
        "Obligatorios del conjunto: identifier, title, description, modified, contactPoint, "
        "mbox, landingPage, accrualPeriodicity; del recurso: title, downloadURL, mediaType; "
        "acompañar los conjuntos de su diccionario de datos",
    ),
}


def law(characteristic: str) -> Source:
    letter, text = DEFINITIONS[characteristic]
    return Source(LAW, LAW_VERSION, f"artículo 3, fracción VI, inciso {letter})", text)


def guide(step: str) -> Source:
    where, text = GUIDE_STEPS[step]
    return Source(GUIDE, GUIDE_VERSION, where, text)
