#!/usr/bin/env bash
# Refreshes crds/ from the CRDs the build generates from the Java API classes.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q package -DskipTests
CP=$(mvn -B -q dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test)
java -cp "target/classes:target/test-classes:$CP" dev.lustre.ir.testing.CrdFiles
