// Package legacy is a frozen copy of package rules as it was before the
// linear-time rewrite (issue 10, part 2). It exists only so that tests can
// run the old and the new engine side by side on the same inputs and show
// their decisions are identical; it is deleted once the new engine passes.
// Do not change it.
package legacy
