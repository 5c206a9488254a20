from django import forms

from photos.models import Photo


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    """Several files in one field (Django's documented pattern). Files are checked one by
    one by photos.uploads, so one bad file does not sink the others."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        if not files:
            raise forms.ValidationError("Choose at least one photo to upload.", code="required")
        # Empty, oversized or non-image files are refused per file by photos.uploads, with
        # the file's name, so one bad file does not sink the others.
        return files


class UploadForm(forms.Form):
    images = MultipleImageField(
        label="Photos",
        help_text=(
            "JPEG, PNG, WebP or GIF; select several files at once if you like. Each file is "
            "checked, its caption, credit, copyright and keywords are read from its metadata, "
            "and it is re-encoded without any metadata. The uploaded original is not kept."
        ),
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}),
    )
    allow_duplicates = forms.BooleanField(
        required=False,
        label="Upload even if the same file is already in the library",
    )


class FocalPointWidget(forms.NumberInput):
    def __init__(self, attrs=None):
        super().__init__({"step": "0.01", "min": "0", "max": "1", **(attrs or {})})


class PhotoChangeForm(forms.ModelForm):
    class Meta:
        model = Photo
        fields = [
            "focal_x",
            "focal_y",
            "caption",
            "alt_text",
            "credit_kind",
            "photographer",
            "source",
            "copyright_notice",
            "usage_terms",
            "rights_expire_on",
            "keywords",
        ]
        widgets = {
            "focal_x": FocalPointWidget(),
            "focal_y": FocalPointWidget(),
            "caption": forms.Textarea(attrs={"rows": 3}),
            "usage_terms": forms.Textarea(attrs={"rows": 2}),
        }

    def clean(self):
        cleaned = super().clean()
        for name in ("focal_x", "focal_y"):
            value = cleaned.get(name)
            if value is not None and not 0 <= value <= 1:
                self.add_error(name, "Use a number from 0 to 1 (0.5 is the middle).")
        return cleaned
