"""Patient identifiers a clinic files patients under. Pure: no Django.

An NHS number is ten digits, the last a check digit (NHS Data Dictionary,
"NHS number": modulus 11 over the first nine digits weighted 10 down to 2).
"""

# The FHIR identifier system of NHS numbers: a clinic that sends its numbers
# under it says they are NHS numbers, and Mend checks each one.
NHS_NUMBER_SYSTEM = "https://fhir.nhs.uk/Id/nhs-number"


def is_nhs_number(text: str) -> bool:
    """Ten digits (spaces allowed) whose check digit adds up: "943 476 5919"."""
    digits = text.replace(" ", "")
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(digit) * weight for digit, weight in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])
