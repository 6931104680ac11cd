from django.core.management.base import BaseCommand

from bench.duplicates import labelled_pairs, score, similarity_of


class Command(BaseCommand):
    help = "Precision and recall of duplicate detection on a labelled set built from the demo content."

    def handle(self, *args, **options):
        pairs = labelled_pairs()
        positives = sum(pair.duplicate for pair in pairs)
        self.stdout.write(f"pairs={len(pairs)} duplicates={positives} distinct={len(pairs) - positives}")
        similarities = [(pair.duplicate, similarity_of(pair)) for pair in pairs]
        lowest_copy = min(value for duplicate, value in similarities if duplicate)
        highest_distinct = max(value for duplicate, value in similarities if not duplicate)
        self.stdout.write(
            f"lowest similarity of a copy={lowest_copy:.2f} highest of distinct articles={highest_distinct:.2f}"
        )
        self.stdout.write("threshold precision recall tp fp fn")
        for threshold in (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8):
            s = score(pairs, threshold)
            self.stdout.write(
                f"{threshold:9.2f} {s.precision:9.3f} {s.recall:6.3f} {s.true_positives:3d} "
                f"{s.false_positives:2d} {s.false_negatives:2d}"
            )
