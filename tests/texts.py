"""Two short news texts on one topic that are not copies of each other, shared by the sketch
and the dedup-store tests."""

STORY = (
    "Health officials in the northern province confirmed on Tuesday that four more people had "
    "been admitted to the regional hospital with symptoms of the virus. The provincial governor "
    "ordered schools in three districts to close for two weeks and asked residents to avoid "
    "large gatherings. Doctors said the patients, all farm workers from the same village, were "
    "in a stable condition. A team from the national laboratory arrived on Wednesday to collect "
    "samples from livestock at the farm where the workers had been employed since the spring. "
    "The ministry said it would publish the results of the tests by the end of the week, and "
    "that there was no evidence so far that the virus had spread between people."
)
OTHER = (
    "The national laboratory has received new equipment to test samples of the virus, the "
    "ministry of health said on Friday. The machines, paid for by an international donor, will "
    "allow technicians to process several hundred samples a day instead of a few dozen. "
    "Officials said that the first results would be available next month and that staff were "
    "being trained in the capital. Opposition members of parliament asked why the purchase had "
    "taken so long, pointing to outbreaks in livestock over the past two years."
)
