// The project a lesson step sets up: a preset with the step's data, network, features, settings and weights applied
// (lessons/README.md lists the keys). Every value is checked; a bad one gives a sentence, never a half-built project.
#pragma once
#include "app/document/project.h"
#include <QJsonObject>
#include <optional>

namespace app {

std::optional<Project> lessonProject(const QJsonObject& setup, QString* error);
// The four points of {0,1}^2 labelled by a truth table ("AND", "OR", "NAND", "NOR", "XOR"); empty for another name.
engine::Dataset truthTableData(const QString& table);

}  // namespace app
