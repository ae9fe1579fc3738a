//go:build race

package pipeline_test

// raceOn is whether the tests run under the race detector.
const raceOn = true
