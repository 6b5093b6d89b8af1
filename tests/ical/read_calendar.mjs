// Read an iCalendar file on stdin with Mozilla's ical.js (the parser inside Thunderbird) and
// print its events as JSON, with start and end as UTC instants, for the Python tests to compare.
import ICAL from "ical.js";

let text = "";
for await (const chunk of process.stdin) text += chunk;

const calendar = new ICAL.Component(ICAL.parse(text));
for (const zone of calendar.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(zone);
}
const events = calendar.getAllSubcomponents("vevent").map((component) => {
  const event = new ICAL.Event(component);
  const organizer = component.getFirstProperty("organizer");
  return {
    uid: event.uid,
    summary: event.summary,
    location: event.location,
    description: event.description,
    start_utc: event.startDate.toJSDate().toISOString(),
    end_utc: event.endDate.toJSDate().toISOString(),
    start_tzid: event.startDate.zone ? event.startDate.zone.tzid : null,
    sequence: event.sequence,
    status: component.getFirstPropertyValue("status"),
    url: component.getFirstPropertyValue("url"),
    geo: component.getFirstPropertyValue("geo"),
    categories: component.getFirstPropertyValue("categories"),
    organizer: organizer ? organizer.getFirstValue() : null,
  };
});
process.stdout.write(
  JSON.stringify({
    method: calendar.getFirstPropertyValue("method"),
    version: calendar.getFirstPropertyValue("version"),
    prodid: calendar.getFirstPropertyValue("prodid"),
    name: calendar.getFirstPropertyValue("x-wr-calname"),
    timezones: calendar.getAllSubcomponents("vtimezone").map((z) => z.getFirstPropertyValue("tzid")),
    events,
  }),
);
