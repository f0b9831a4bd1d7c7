"""The demo that `make run` shows: realistic content from the domain, loaded idempotently.

Every app registers its own part (core.demo_parts), so the demo always shows the whole
platform. A second load changes nothing: each object is looked up by a natural key and only
created when missing.
"""

import io
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from wagtail.actions.convert_alias import ConvertAliasPageAction
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site, TranslatableMixin
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from core.demo_parts import demo_part
from core.models import (
    HomePage,
    Institution,
    Membership,
    Region,
    Role,
    StandardPage,
    Term,
    User,
)
from core.seasons import read_term_name
from core.services import provision_institution

# Each page's slug and its texts per language; an institution's fields and its page's texts.
HOME: dict[str, Any] = {
    "slug": "inicio",
    "es": {
        "title": "Formar a quienes acompañan a las personas",
        "intro": "Cursos, prácticas supervisadas y evaluación de la calidad para las instituciones"
        " que forman profesionales del trabajo social.",
        "body": "Praxis reúne en un solo lugar a autores de cursos, instituciones formadoras,"
        " docentes de tiempo completo y parcial, bases de prácticas, estudiantes y evaluadores,"
        " para construir un equipo profesional de trabajo social de alta calidad.",
    },
    "zh-hans": {
        "title": "培养陪伴他人的专业力量",
        "intro": "为培养社会工作专业人才的机构提供课程、督导实习与培训质量评估。",
        "body": "Praxis 把课程作者、培训机构、专职与兼职教师、实习基地、学员和评估人员聚在一起，"
        "共同建设高素质的社会工作专业人才队伍。",
    },
    "en": {
        "title": "Training the people who stand beside others",
        "intro": "Courses, supervised placements and quality evaluation for the institutions that"
        " train social workers.",
        "body": "Praxis brings course authors, training institutions, full- and part-time faculty,"
        " practice bases, trainees and evaluators together to build a high-quality social-work"
        " workforce.",
    },
}

STANDARD_PAGES: list[dict[str, Any]] = [
    {
        "slug": "acerca-de",
        "es": {
            "title": "Acerca de Praxis",
            "intro": "Una plataforma abierta para la formación profesional en trabajo social.",
            "body": "Praxis nace de la política nacional para fortalecer los equipos de talento"
            " profesional en trabajo social: formación por niveles, enseñanza práctica con bases"
            " de prácticas y evaluación de la calidad con sistemas de indicadores.",
        },
        "zh-hans": {
            "title": "关于 Praxis",
            "slug": "guanyu",
            "intro": "一个开放的社会工作专业培训平台。",
            "body": "Praxis 源于加强社会工作专业人才队伍建设的国家政策：分层次培训、依托实习基地的"
            "实践教学，以及以指标体系开展的培训质量评估。",
        },
        "en": {
            "title": "About Praxis",
            "slug": "about",
            "intro": "An open platform for professional social-work training.",
            "body": "Praxis grows out of the national policy on building a professional"
            " social-work workforce: training by tier, practice teaching with placement bases, and"
            " quality evaluation with indicator systems.",
        },
    },
    {
        "slug": "accesibilidad",
        "es": {
            "title": "Accesibilidad",
            "intro": "Praxis se construye para cumplir las WCAG 2.2 en el nivel AA.",
            "body": "Todas las páginas se pueden usar con el teclado, tienen un enlace para saltar"
            " al contenido y contrastes suficientes. Si encuentra una barrera, escriba a su"
            " institución formadora.",
        },
        "zh-hans": {
            "title": "无障碍声明",
            "slug": "wuzhangai",
            "intro": "Praxis 按照 WCAG 2.2 AA 级标准建设。",
            "body": "所有页面均可使用键盘操作，提供跳至主要内容的链接，并具有足够的对比度。"
            "如遇障碍，请联系您的培训机构。",
        },
        "en": {
            "title": "Accessibility",
            "slug": "accessibility",
            "intro": "Praxis is built to meet WCAG 2.2 at level AA.",
            "body": "Every page works with the keyboard, has a link to skip to the content and"
            " sufficient contrast. If you meet a barrier, write to your training institution.",
        },
    },
    {
        "slug": "privacidad",
        "es": {
            "title": "Privacidad",
            "intro": "Qué datos personales guarda Praxis y para qué.",
            "body": "Praxis guarda solo los datos necesarios para la formación: su nombre, su"
            " correo y su historial formativo. No usa rastreadores ni carga nada de terceros.",
        },
        "zh-hans": {
            "title": "隐私",
            "slug": "yinsi",
            "intro": "Praxis 保存哪些个人数据以及用途。",
            "body": "Praxis 只保存培训所需的数据：您的姓名、电子邮箱和培训记录。"
            "不使用任何跟踪器，也不加载任何第三方内容。",
        },
        "en": {
            "title": "Privacy",
            "slug": "privacy",
            "intro": "What personal data Praxis keeps, and why.",
            "body": "Praxis keeps only what training needs: your name, your e-mail address and your"
            " training record. It uses no trackers and loads nothing from third parties.",
        },
    },
]

REGIONS = [
    (
        "Sichuan",
        "510000",
        [
            ("Chengdu", "510100", [("Wuhou", "510107")]),
            ("Mianyang", "510700", [("Fucheng", "510703")]),
        ],
    ),
    ("Guangdong", "440000", [("Shenzhen", "440300", [("Futian", "440304")])]),
    ("Yunnan", "530000", [("Kunming", "530100", [("Wuhua", "530102")])]),
    ("Gansu", "620000", [("Lanzhou", "620100", [("Chengguan", "620102")])]),
]
# The regions' names in Chinese; Spanish and English write them as above.
REGIONS_IN_CHINESE = {
    "Sichuan": "四川省",
    "Chengdu": "成都市",
    "Wuhou": "武侯区",
    "Mianyang": "绵阳市",
    "Fucheng": "涪城区",
    "Guangdong": "广东省",
    "Shenzhen": "深圳市",
    "Futian": "福田区",
    "Yunnan": "云南省",
    "Kunming": "昆明市",
    "Wuhua": "五华区",
    "Gansu": "甘肃省",
    "Lanzhou": "兰州市",
    "Chengguan": "城关区",
}

INSTITUTIONS: list[dict[str, Any]] = [
    {
        "slug": "universidad-del-suroeste",
        "name": "Universidad del Suroeste — Facultad de Trabajo Social",
        "kind": Institution.Kind.UNIVERSITY,
        "region": ("Sichuan", "Chengdu", "Wuhou"),
        "address": "Avenida de la Ciencia 24, distrito de Wuhou, Chengdu",
        "contact_email": "trabajo.social@suroeste.example.edu",
        "contact_phone": "+86 28 8500 1200",
        "page": {
            "es": {
                "intro": "Grado, máster (MSW) y formación continua en trabajo social, con prácticas en"
                " veinte bases comunitarias de Chengdu."
            },
            "zh-hans": {
                "title": "西南大学社会工作学院",
                "slug": "xinan-daxue",
                "intro": "社会工作本科、硕士（MSW）与继续教育，在成都二十个社区基地开展实习。",
            },
            "en": {
                "title": "Southwest University — School of Social Work",
                "slug": "southwest-university",
                "intro": "Bachelor's, master's (MSW) and continuing education in social work, with placements in twenty community bases in Chengdu.",
            },
        },
    },
    {
        "slug": "colegio-vocacional-kunming",
        "name": "Colegio Vocacional de Servicios Comunitarios de Kunming",
        "kind": Institution.Kind.VOCATIONAL_COLLEGE,
        "region": ("Yunnan", "Kunming", "Wuhua"),
        "address": "Calle del Lago Verde 8, distrito de Wuhua, Kunming",
        "contact_email": "admisiones@cvsc-kunming.example.edu",
        "contact_phone": "+86 871 6300 4411",
        "page": {
            "es": {
                "intro": "Formación profesional superior en servicios comunitarios, atención a personas"
                " mayores y rehabilitación de discapacidades."
            },
            "zh-hans": {
                "title": "昆明社区服务职业学院",
                "slug": "kunming-shequ-fuwu-zhiye-xueyuan",
                "intro": "社区服务、养老照护与残疾人康复方向的高等职业教育。",
            },
            "en": {
                "title": "Kunming Vocational College of Community Services",
                "slug": "kunming-community-services-college",
                "intro": "Higher vocational education in community services, elderly care and disability rehabilitation.",
            },
        },
    },
    {
        "slug": "centro-formacion-shenzhen",
        "name": "Centro de Formación en Trabajo Social de Shenzhen",
        "kind": Institution.Kind.TRAINING_INSTITUTION,
        "region": ("Guangdong", "Shenzhen", "Futian"),
        "address": "Calle Fuhua 3, distrito de Futian, Shenzhen",
        "contact_email": "cursos@cfts-shenzhen.example.org",
        "contact_phone": "+86 755 8200 7300",
        "page": {
            "es": {
                "intro": "Capacitación de base para comités de residentes y organizaciones de servicio"
                " comunitario, y formación continua para trabajadores sociales certificados."
            },
            "zh-hans": {
                "title": "深圳社会工作培训中心",
                "slug": "shenzhen-shehui-gongzuo-peixun-zhongxin",
                "intro": "为居委会和社区服务组织开展基层能力建设培训，并为持证社会工作者提供继续教育。",
            },
            "en": {
                "title": "Shenzhen Social Work Training Centre",
                "slug": "shenzhen-social-work-training-centre",
                "intro": "Grassroots capacity building for residents' committees and community service organisations, and continuing education for certified social workers.",
            },
        },
    },
    {
        "slug": "puentes-lanzhou",
        "name": "Organización de Servicio Social Puentes",
        "kind": Institution.Kind.SOCIAL_SERVICE_ORGANISATION,
        "region": ("Gansu", "Lanzhou", "Chengguan"),
        "address": "Calle del Río Amarillo 112, distrito de Chengguan, Lanzhou",
        "contact_email": "contacto@puentes-lanzhou.example.org",
        "contact_phone": "+86 931 8800 2020",
        "page": {
            "es": {
                "intro": "Profesionales de primera línea en zonas rurales y remotas que enseñan a tiempo"
                " parcial y acogen estudiantes en prácticas."
            },
            "zh-hans": {
                "title": "桥梁社会服务机构",
                "slug": "qiaoliang-shehui-fuwu-jigou",
                "intro": "在农村和偏远地区工作的一线社会工作者兼职授课，并接收实习学员。",
            },
            "en": {
                "title": "Bridges Social Service Organisation",
                "slug": "bridges-lanzhou",
                "intro": "Front-line practitioners in rural and remote areas who teach part-time and host trainees on placement.",
            },
        },
    },
    {
        "slug": "instituto-mianyang",
        "name": "Instituto de Formación Social de Mianyang",
        "kind": Institution.Kind.TRAINING_INSTITUTION,
        "region": ("Sichuan", "Mianyang", "Fucheng"),
        "address": "Avenida Linyuan 45, distrito de Fucheng, Mianyang",
        "contact_email": "formacion@instituto-mianyang.example.org",
        "contact_phone": "+86 816 2200 3030",
        "page": {
            "es": {
                "intro": "Formación continua para el personal de base de los servicios sociales"
                " comunitarios del norte de Sichuan."
            },
            "zh-hans": {
                "title": "绵阳社会工作培训学院",
                "slug": "mianyang-shehui-gongzuo-peixun-xueyuan",
                "intro": "为川北社区社会服务一线人员提供继续教育。",
            },
            "en": {
                "title": "Mianyang Social Training Institute",
                "slug": "mianyang-social-training-institute",
                "intro": "Continuing education for grassroots staff of community social services in northern Sichuan.",
            },
        },
    },
    {
        "slug": "asuntos-civiles-sichuan",
        "name": "Departamento Provincial de Asuntos Civiles de Sichuan",
        "kind": Institution.Kind.GOVERNMENT_DEPARTMENT,
        "region": ("Sichuan", "Chengdu", "Wuhou"),
        "oversight_region": ("Sichuan",),
        "address": "Calle Renmin Sur 9, Chengdu",
        "contact_email": "evaluacion@asuntosciviles-sc.example.gov",
        "contact_phone": "+86 28 8600 5000",
        "page": {
            "es": {
                "intro": "Supervisa y evalúa la calidad de la formación en trabajo social de la provincia."
            },
            "zh-hans": {
                "title": "四川省民政厅",
                "slug": "sichuan-sheng-minzhengting",
                "intro": "监督和评估全省社会工作培训质量。",
            },
            "en": {
                "title": "Sichuan Provincial Department of Civil Affairs",
                "slug": "sichuan-civil-affairs",
                "intro": "Supervises and evaluates the quality of social-work training in the province.",
            },
        },
    },
]

# (e-mail, first name, last name, institution slug, role); the first of each role is the
# log-in the README lists for it.
STAFF = [
    (
        "institucion@praxis.example",
        "Chen",
        "Jing",
        "universidad-del-suroeste",
        Role.INSTITUTION_ADMIN,
    ),
    ("autora@praxis.example", "Li", "Wei", "universidad-del-suroeste", Role.COURSE_AUTHOR),
    ("revisor@praxis.example", "Zhang", "Min", "universidad-del-suroeste", Role.REVIEWER),
    ("docente@praxis.example", "Wang", "Fang", "universidad-del-suroeste", Role.FACULTY),
    (
        "coordinadora@praxis.example",
        "Liu",
        "Yang",
        "universidad-del-suroeste",
        Role.PLACEMENT_COORDINATOR,
    ),
    ("evaluador@praxis.example", "Zhao", "Lei", "asuntos-civiles-sichuan", Role.EVALUATOR),
    # A second evaluator, who approves what the first changes in the framework.
    ("evaluadora@praxis.example", "Qian", "Hui", "asuntos-civiles-sichuan", Role.EVALUATOR),
    (
        "admin.kunming@praxis.example",
        "Sun",
        "Li",
        "colegio-vocacional-kunming",
        Role.INSTITUTION_ADMIN,
    ),
    (
        "autor.kunming@praxis.example",
        "Yang",
        "Tao",
        "colegio-vocacional-kunming",
        Role.COURSE_AUTHOR,
    ),
    (
        "admin.shenzhen@praxis.example",
        "Zhou",
        "Hong",
        "centro-formacion-shenzhen",
        Role.INSTITUTION_ADMIN,
    ),
    ("revisora.shenzhen@praxis.example", "Wu", "Xia", "centro-formacion-shenzhen", Role.REVIEWER),
    ("admin.puentes@praxis.example", "Ma", "Jun", "puentes-lanzhou", Role.INSTITUTION_ADMIN),
    ("docente.puentes@praxis.example", "He", "Ping", "puentes-lanzhou", Role.FACULTY),
]

SUPERUSER = ("admin@praxis.example", "Ana", "Ortega")
TRAINEE = ("estudiante@praxis.example", "Lin", "Xiaoyu")


def _paragraph(text: str) -> list[dict[str, str]]:
    return [{"type": "paragraph", "value": f"<p>{text}</p>"}]


def _ensure_translations(page: Page, content: Mapping[str, Any], created: list[str]) -> None:
    """Publish the page's translation in every other language that lacks one.

    An alias made by page-tree sync becomes the translation, so it keeps the permissions and
    workflow that provisioning gave it.
    """
    for locale in Locale.objects.exclude(pk=page.locale_id):
        translation = page.get_translations().filter(locale=locale).first()
        if translation is not None and translation.alias_of_id is None:
            continue
        if translation is None:
            translation = page.copy_for_translation(locale, copy_parents=True)
        else:
            ConvertAliasPageAction(translation).execute(skip_permission_checks=True)
            translation = translation.specific_class.objects.get(pk=translation.pk)
        text = content[locale.language_code]
        translation.title, translation.intro = text["title"], text["intro"]
        translation.slug = text.get("slug", translation.slug)
        translation.body = _paragraph(text["body"]) if "body" in text else page.body
        translation.save_revision().publish()
        created.append(f"{translation.title} ({locale.language_code})")


# The languages the demo's translators work into, in the order of its (Chinese, English) pairs.
TRANSLATED_INTO = ("zh-hans", "en")


def words_in(pairs: Mapping[str, tuple[str, str]], language: str) -> dict[str, str]:
    """From {Spanish text: (Chinese, English)}, each Spanish text with its translation into
    the language: what `translate` takes."""
    column = TRANSLATED_INTO.index(language)
    return {spanish: pair[column] for spanish, pair in pairs.items()}


def _translated(text: str, words: Mapping[str, str]) -> str:
    """A text's translation; wagtail-localize keeps a multi-line text's breaks as <br/>."""
    lines = text.replace("<br/>", "\n")
    return words[lines].replace("\n", "<br/>") if lines in words else text


def translate[T: TranslatableMixin](
    instance: T, language: str, words: Mapping[str, str]
) -> T | None:
    """Translate a page or snippet with wagtail-localize, as a translator would in its editor,
    and publish it: each text from `words`, by its source text; a text `words` lacks (a
    person's name, a book's title, an ISBN) as it is written. None if it was translated
    before (a page's alias is not a translation). Snippets it points at (a course's materials)
    are translated first with the same words, as wagtail-localize's "Translate" does."""
    locale = Locale.objects.get(language_code=language)
    current = instance.get_translations().filter(locale=locale).first()
    if current is not None and getattr(current, "alias_of_id", None) is None:
        return None
    source, _created = TranslationSource.get_or_create_from_instance(instance)
    for related in source.relatedobjectsegment_set.select_related("object"):
        referenced = related.object.get_instance(source.locale)
        if referenced.get_translation_or_none(locale) is None:
            translate(referenced, language, words)
    translation, _created = Translation.objects.get_or_create(source=source, target_locale=locale)
    for segment in source.stringsegment_set.select_related("string"):
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=locale,
            context_id=segment.context_id,
            defaults={
                "data": _translated(segment.string.data, words),
                "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
            },
        )
    translation.save_target(publish=True)
    return translation.get_target_instance()


def content_page(
    parent: Page,
    slug: str,
    content: Mapping[str, Any],
    model: type[Page],
    created: list[str],
    **extra: Any,
) -> Page:
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        text = content[settings.LANGUAGE_CODE]
        page = model(
            slug=slug,
            title=text["title"],
            intro=text["intro"],
            body=_paragraph(text["body"]),
            **extra,
        )
        parent.add_child(instance=page)
        page.save_revision().publish()
        created.append(f"page {page.title}")
    _ensure_translations(page, content, created)
    return page


def _home_page(created: list[str]) -> HomePage:
    home = HomePage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).first()
    if home is None:
        root = Page.get_first_root_node()
        text = HOME[settings.LANGUAGE_CODE]
        home = HomePage(
            slug=HOME["slug"],
            title=text["title"],
            intro=text["intro"],
            body=_paragraph(text["body"]),
        )
        root.add_child(instance=home)
        home.save_revision().publish()
        created.append(f"page {home.title}")
        # Wagtail's own placeholder page gives way to the home page.
        Page.objects.filter(depth=2, content_type__model="page").delete()
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    if site.root_page_id != home.pk:
        site.hostname, site.port, site.site_name = "localhost", 80, "Praxis"
        site.root_page = home
        site.save()
        created.append("default site")
    _ensure_translations(home, HOME, created)
    return home


def _region_names(name: str) -> dict[str, str]:
    """A region's name in each site language: as written in Spanish and English."""
    return {"name_es": name, "name_zh_hans": REGIONS_IN_CHINESE[name], "name_en": name}


def _regions(created: list[str]) -> dict[tuple[str, ...], Region]:
    by_path: dict[tuple[str, ...], Region] = {}
    for province, code, cities in REGIONS:
        p, new = Region.objects.get_or_create(
            name=province,
            parent=None,
            defaults={
                "level": Region.Level.PROVINCE,
                "code": code,
                **_region_names(province),
            },
        )
        by_path[(province,)] = p
        for city, city_code, districts in cities:
            c, new_c = Region.objects.get_or_create(
                name=city,
                parent=p,
                defaults={
                    "level": Region.Level.CITY,
                    "code": city_code,
                    **_region_names(city),
                },
            )
            by_path[(province, city)] = c
            for district, district_code in districts:
                d, new_d = Region.objects.get_or_create(
                    name=district,
                    parent=c,
                    defaults={
                        "level": Region.Level.DISTRICT,
                        "code": district_code,
                        **_region_names(district),
                    },
                )
                by_path[(province, city, district)] = d
                created.extend(f"region {r}" for r, n in ((p, new), (c, new_c), (d, new_d)) if n)
    return by_path


def _user(email: str, first_name: str, last_name: str, created: list[str], **extra: Any) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email,
            password=settings.DEMO_PASSWORD,
            first_name=first_name,
            last_name=last_name,
            **extra,
        )
        created.append(f"user {email}")
    return user


def _root_page(institution: Institution) -> Page:
    """The institution's own page, which provisioning made."""
    assert institution.root_page is not None
    return institution.root_page.specific


LOGO_COLOURS = ["#0e4f5c", "#a4431c", "#1d6b3a", "#5b3a8c", "#7a5c12"]
LOGO_FONT = "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"


def _logo(institution: Institution, colour: str, created: list[str]) -> None:
    """A drawn emblem with the institution's initials, in its own collection, as a logo."""
    if institution.logo_id:
        return
    from PIL import Image, ImageDraw, ImageFont

    initials = "".join(word[0] for word in institution.name.split() if word[0].isupper())[:3]
    font: ImageFont.FreeTypeFont | ImageFont.ImageFont
    try:
        font = ImageFont.truetype(LOGO_FONT, 150)
    except OSError:  # another system: Pillow's own font
        font = ImageFont.load_default(size=150)
    image = Image.new("RGB", (1200, 480), "white")
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((40, 40, 1160, 440), radius=60, fill=colour)
    draw.text((600, 240), initials, font=font, fill="white", anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    institution.logo = get_image_model().objects.create(
        title=f"Logo · {institution.name}",
        collection=institution.collection,
        file=ImageFile(buffer, name=f"logo-{institution.slug}.png"),
    )
    institution.save(update_fields=["logo"])
    created.append(f"logo of {institution.name}")


def _terms(institution: Institution, created: list[str]) -> None:
    """Spring and autumn terms from four years back to next year, so that every record the
    demo dates around today falls in one (Term.objects.current(day) finds it)."""
    today = timezone.localdate()
    if institution.terms.exists():
        return
    for year in range(today.year - 4, today.year + 2):
        for season in ("Primavera", "Otoño"):
            Term.objects.create(
                institution=institution, **read_term_name(f"{season} {year}", today)
            )
    created.append(f"terms of {institution.slug}, spring and autumn")


@demo_part
@transaction.atomic
def load() -> list[str]:
    """Load whatever part of the demo is missing; returns what was created."""
    created: list[str] = []
    home = _home_page(created)
    for spec in STANDARD_PAGES:
        content_page(home, spec["slug"], spec, StandardPage, created, show_in_menus=True)

    regions = _regions(created)
    institutions = {}
    for number, spec in enumerate(INSTITUTIONS):
        spec = dict(spec)
        slug, content = spec.pop("slug"), spec.pop("page")
        spec["region"] = regions[spec["region"]]
        if "oversight_region" in spec:
            spec["oversight_region"] = regions[spec["oversight_region"]]
        institution = Institution.objects.filter(slug=slug).first()
        if institution is None:
            institution = Institution.objects.create(
                slug=slug,
                **spec,
                name_es=spec["name"],
                name_zh_hans=content["zh-hans"].get("title", ""),
                name_en=content["en"].get("title", ""),
            )
            provision_institution(institution)
            page = _root_page(institution)
            page.intro = content["es"]["intro"]
            page.save_revision().publish()
            created.append(f"institution {institution.name}")
        _ensure_translations(_root_page(institution), content, created)
        _logo(institution, LOGO_COLOURS[number % len(LOGO_COLOURS)], created)
        _terms(institution, created)
        institutions[slug] = institution

    _user(*SUPERUSER, created, is_staff=True, is_superuser=True)
    _user(*TRAINEE, created)
    for email, first_name, last_name, slug, role in STAFF:
        user = _user(email, first_name, last_name, created)
        _membership, new = Membership.objects.get_or_create(
            user=user, institution=institutions[slug], role=role
        )
        if new:
            created.append(f"membership {email} · {role.value} · {slug}")
    return created
