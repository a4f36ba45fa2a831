"""The union network (小二级工会): the federation, joint unions and enterprise unions, the units each covers, coverage, and membership."""
