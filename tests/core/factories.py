"""Factories for the portal's shared models: units and images."""

import factory
import wagtail_factories

from wagtail.models import Collection

from core.models import Unit


class ImageFactory(wagtail_factories.ImageFactory):
    collection = factory.LazyFunction(Collection.get_first_root_node)
    title = factory.Sequence(lambda n: f"Ảnh {n}")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"Phòng chuyên môn {n}")
    slug = factory.Sequence(lambda n: f"phong-{n}")
    kind = Unit.Kind.DEPARTMENT
