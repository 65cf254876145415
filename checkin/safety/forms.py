from django import forms

from checkin.models import SafetyPlan


class SafetyPlanForm(forms.ModelForm):
    """The six parts of a safety plan, each free text in the patient's words."""

    class Meta:
        model = SafetyPlan
        fields = [field for field, _heading, _prompt in SafetyPlan.PARTS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field, heading, prompt in SafetyPlan.PARTS:
            self.fields[field].label = heading
            self.fields[field].help_text = prompt
            self.fields[field].widget = forms.Textarea(
                attrs={"rows": 3, "class": "form-control", "data-plan-part": field}
            )
            limit = SafetyPlan._meta.get_field(field).max_length
            self.fields[field].error_messages["max_length"] = (
                f"{heading}: at most {limit:,} characters (you have %(show_value)d)."
            )
