package llmsim

import "strings"

// The tasks the simulator recognises, as passed to the Answerer.
const (
	TaskRoute   = "route"   // which queue a ticket goes to
	TaskExtract = "extract" // what an email orders
)

// inferTask names the task of a request: the prefix "route" or "extract" of
// the response_format json_schema name (case-insensitive) decides; otherwise
// whichever of "rout" (route, routing) or "extract" appears first in the
// system prompt; otherwise "" (the Answerer decides what that means).
func inferTask(schemaName, system string) string {
	name := strings.ToLower(schemaName)
	for _, t := range []string{TaskRoute, TaskExtract} {
		if strings.HasPrefix(name, t) {
			return t
		}
	}
	sys := strings.ToLower(system)
	r, e := strings.Index(sys, "rout"), strings.Index(sys, "extract")
	switch {
	case r >= 0 && (e < 0 || r < e):
		return TaskRoute
	case e >= 0:
		return TaskExtract
	}
	return ""
}
