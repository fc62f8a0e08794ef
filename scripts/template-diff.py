#!/usr/bin/env python3
"""Compares the templates of two cloud assemblies, allowing for renamed logical IDs.

A refactoring that moves constructs in the tree renames logical IDs; everything else about a
resource should stay as it was. This pairs each resource that only one side has with the one
resource of the same type on the other side whose properties match once the renames found so far
are applied (repeated until nothing more pairs), then reports:

  - every rename, marking those of stateful resources (which CloudFormation would replace, losing
    their contents) and of resources with a fixed physical name (whose replacement fails, because
    CloudFormation creates the new one before deleting the old and the name is taken:
    https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-name.html),
  - every resource or output that differs, or that only one side has.

    scripts/template-diff.py OLD_CDK_OUT NEW_CDK_OUT

Exit status 0 when the only differences are renames of stateless, unnamed resources, 1 otherwise.
A rename of a named resource is harmless only for stacks that were never deployed.
"""
import json
import os
import sys

STATEFUL = {"AWS::S3::Bucket", "AWS::KMS::Key", "AWS::ECR::Repository", "AWS::Logs::LogGroup",
            "AWS::DynamoDB::Table", "AWS::RDS::DBInstance", "AWS::EFS::FileSystem"}
# The property that holds each type's physical name, where the app may set one.
NAME_PROPERTY = {"AWS::IAM::Role": "RoleName", "AWS::IAM::ManagedPolicy": "ManagedPolicyName",
                 "AWS::Lambda::Function": "FunctionName", "AWS::ECS::Cluster": "ClusterName",
                 "AWS::ECS::Service": "ServiceName", "AWS::CodePipeline::Pipeline": "Name",
                 "AWS::CodeBuild::Project": "Name", "AWS::ElasticLoadBalancingV2::LoadBalancer": "Name",
                 "AWS::ElasticLoadBalancingV2::TargetGroup": "Name", "AWS::EC2::SecurityGroup": "GroupName",
                 "AWS::SNS::Topic": "TopicName", "AWS::CloudWatch::Alarm": "AlarmName", "AWS::SSM::Parameter": "Name",
                 "AWS::CodeStarNotifications::NotificationRule": "Name", "AWS::Events::Rule": "Name",
                 "AWS::KMS::Alias": "AliasName"}
COMPARED = ("Type", "Properties", "DependsOn", "DeletionPolicy", "UpdateReplacePolicy", "Condition")


def renamed(value, renames):
    """The value with every logical ID it references renamed."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key == "Ref" and isinstance(item, str):
                out[key] = renames.get(item, item)
            elif key == "Fn::GetAtt" and isinstance(item, list) and item:
                out[key] = [renames.get(item[0], item[0])] + item[1:]
            else:
                out[key] = renamed(item, renames)
        return out
    if isinstance(value, list):
        return [renamed(item, renames) for item in value]
    return value


def comparable(resource, renames):
    picked = {key: resource[key] for key in COMPARED if key in resource}
    if isinstance(picked.get("DependsOn"), list):
        picked["DependsOn"] = sorted(renames.get(d, d) for d in picked["DependsOn"])
    elif isinstance(picked.get("DependsOn"), str):
        picked["DependsOn"] = [renames.get(picked["DependsOn"], picked["DependsOn"])]
    return json.dumps(renamed(picked, renames), sort_keys=True)


def pair(old, new):
    """old logical ID -> new logical ID, for the resources only one side has."""
    renames = {}
    while True:
        only_old = [i for i in old if i not in new and i not in renames]
        only_new = [i for i in new if i not in old and i not in renames.values()]
        found = False
        for old_id in only_old:
            kind = old[old_id]["Type"]
            same_kind = [n for n in only_new if new[n]["Type"] == kind and n not in renames.values()]
            target = comparable(old[old_id], renames)
            matches = [n for n in same_kind if comparable(new[n], {}) == target]
            # Resources that name each other (a load balancer and its security group) match only
            # once one of them is paired: take the only one of its type left on both sides.
            if not matches and len(same_kind) == 1 and [i for i in only_old if old[i]["Type"] == kind] == [old_id]:
                matches = same_kind
            if len(matches) == 1:
                renames[old_id] = matches[0]
                found = True
                only_new.remove(matches[0])
        if not found:
            return renames


def difference(a, b, path=""):
    """The first few paths at which two JSON values differ."""
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for key in sorted(set(a) | set(b)):
            out += difference(a.get(key), b.get(key), f"{path}.{key}")
        return out
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        out = []
        for i, (x, y) in enumerate(zip(a, b)):
            out += difference(x, y, f"{path}[{i}]")
        return out
    return [] if a == b else [f"{path}: {json.dumps(a)[:150]} -> {json.dumps(b)[:150]}"]


def main(old_dir, new_dir):
    problems = 0
    names = sorted(f for f in os.listdir(old_dir) if f.endswith(".template.json"))
    for name in sorted(set(names) | {f for f in os.listdir(new_dir) if f.endswith(".template.json")}):
        if not os.path.exists(os.path.join(new_dir, name)) or not os.path.exists(os.path.join(old_dir, name)):
            print(f"{name}: only in one assembly")
            problems += 1
            continue
        old = json.load(open(os.path.join(old_dir, name)))
        new = json.load(open(os.path.join(new_dir, name)))
        renames = pair(old.get("Resources", {}), new.get("Resources", {}))
        for old_id, new_id in sorted(renames.items()):
            kind = old["Resources"][old_id]["Type"]
            stateful = kind in STATEFUL
            named = NAME_PROPERTY.get(kind) in old["Resources"][old_id].get("Properties", {})
            problems += stateful or named
            print(f"{name}: {'STATEFUL ' if stateful else ''}{'NAMED ' if named else ''}rename {kind} {old_id} -> {new_id}")
        for old_id, resource in old.get("Resources", {}).items():
            new_id = renames.get(old_id, old_id)
            if new_id not in new["Resources"]:
                print(f"{name}: removed {resource['Type']} {old_id}")
                problems += 1
            elif comparable(resource, renames) != comparable(new["Resources"][new_id], {}):
                print(f"{name}: changed {resource['Type']} {old_id}"
                      + (f" (now {new_id})" if new_id != old_id else ""))
                for line in difference(json.loads(comparable(resource, renames)),
                                       json.loads(comparable(new["Resources"][new_id], {})))[:5]:
                    print("    " + line)
                problems += 1
        for new_id, resource in new.get("Resources", {}).items():
            if new_id not in renames.values() and new_id not in old.get("Resources", {}):
                print(f"{name}: added {resource['Type']} {new_id}")
                problems += 1
        for section in ("Outputs", "Parameters", "Rules", "Conditions"):
            if renamed(old.get(section), renames) != new.get(section):
                print(f"{name}: {section} differ")
                for line in difference(renamed(old.get(section), renames), new.get(section))[:5]:
                    print("    " + line)
                problems += 1
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
