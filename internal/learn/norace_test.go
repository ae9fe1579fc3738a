//go:build !race

package learn

// raceOn is whether the tests run under the race detector.
const raceOn = false
