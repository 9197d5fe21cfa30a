"""Turn a rendered form or formset back into the POST data a browser would send."""


def form_data(form) -> dict:
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        if isinstance(value, list | tuple):
            data[form.add_prefix(name)] = [str(v) for v in value]
        elif isinstance(value, bool):
            if value:
                data[form.add_prefix(name)] = "on"
        else:
            data[form.add_prefix(name)] = str(value)
    return data


def formset_data(formset) -> dict:
    data = {}
    management = formset.management_form
    for name in management.fields:
        data[management.add_prefix(name)] = str(management[name].value())
    for form in formset.forms:
        data.update(form_data(form))
    return data
